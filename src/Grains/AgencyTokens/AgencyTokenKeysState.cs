namespace Insure.Grains.AgencyTokens;

/// <summary>The platform's agency-token signing keys: the active one and the retired ones still verifying.</summary>
[GenerateSerializer, Alias("insure.AgencyTokenKeysState")]
public sealed class AgencyTokenKeysState
{
    [Id(0)] public List<AgencyTokenKey> Keys { get; set; } = [];
}
