using System.Text.Json.Serialization;

namespace Insure.Grains;

/// <summary>
/// Who created or changed something: an API key (with its owning organization), a user, or an agency access token (its
/// reference, its agency as owner, and <see cref="AgentId"/> when the token was made for an agent). <see cref="AgentId"/>
/// was added after states were stored: an older state reads it as null, and JSON leaves it out when null so the other
/// actors' shape is unchanged.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.actor")]
public sealed record Actor(
    [property: Id(0)] string Type,
    [property: Id(1)] string Id,
    [property: Id(2)] string OwnerId,
    [property: Id(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AgentId = null)
{
    public static Actor ApiKey(string keyId, string orgId) => new("api_key", keyId, orgId);

    /// <summary>An agency access token: its reference, its agency, and the agent it was made for, if any.</summary>
    public static Actor AgencyToken(string reference, string agencyId, string? agentId) => new(AgencyTokenType, reference, agencyId, agentId);

    public const string AgencyTokenType = "agency_token";

    /// <summary>The platform operator acting through the admin secret.</summary>
    public static readonly Actor Platform = new("user", "platform_admin", "platform");

    /// <summary>The platform itself, acting on a schedule (activation, expiry).</summary>
    public static readonly Actor System = new("system", "scheduler", "platform");
}
