namespace Insure.Grains;

/// <summary>The signing keys that verify now: the active one (not retired) first, then retired ones, newest first.</summary>
[GenerateSerializer, Immutable, Alias("insure.agency-token-key-set")]
public sealed record AgencyTokenKeySet([property: Id(0)] IReadOnlyList<AgencyTokenKey> Keys)
{
    public AgencyTokenKey? Active => Keys.FirstOrDefault(k => k.RetiredAt is null);
}
