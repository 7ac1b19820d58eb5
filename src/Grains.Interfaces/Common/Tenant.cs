namespace Insure.Grains;

/// <summary>An organization's environment: the unit every grain key and every query is scoped to.</summary>
[GenerateSerializer, Immutable, Alias("insure.tenant")]
public sealed record Tenant([property: Id(0)] string OrgId, [property: Id(1)] string Environment)
{
    public const string Sandbox = "sandbox";
    public const string Production = "production";

    public static bool IsEnvironment(string? value) => value is Sandbox or Production;

    /// <summary>The grain key of an entity of this tenant: `{orgId}/{environment}/{entityId}`.</summary>
    public string KeyFor(string entityId) => $"{OrgId}/{Environment}/{entityId}";

    /// <summary>The tenant's own key (`{orgId}/{environment}`), used for streams and query partitions.</summary>
    public override string ToString() => $"{OrgId}/{Environment}";

    /// <summary>Splits a tenant-scoped grain key into its tenant and entity id.</summary>
    public static (Tenant Tenant, string EntityId) ParseKey(string grainKey)
    {
        var first = grainKey.IndexOf('/');
        var second = first < 0 ? -1 : grainKey.IndexOf('/', first + 1);
        if (first <= 0 || second <= first + 1 || second == grainKey.Length - 1)
        {
            throw new ArgumentException($"Not a tenant-scoped key: '{grainKey}'.", nameof(grainKey));
        }
        return (new Tenant(grainKey[..first], grainKey[(first + 1)..second]), grainKey[(second + 1)..]);
    }
}
