namespace Insure.Grains;

/// <summary>Who created or changed something: an API key (with its owning organization) or a user.</summary>
[GenerateSerializer, Immutable, Alias("insure.actor")]
public sealed record Actor([property: Id(0)] string Type, [property: Id(1)] string Id, [property: Id(2)] string OwnerId)
{
    public static Actor ApiKey(string keyId, string orgId) => new("api_key", keyId, orgId);

    /// <summary>The platform operator acting through the admin secret.</summary>
    public static readonly Actor Platform = new("user", "platform_admin", "platform");

    /// <summary>The platform itself, acting on a schedule (activation, expiry).</summary>
    public static readonly Actor System = new("system", "scheduler", "platform");
}
