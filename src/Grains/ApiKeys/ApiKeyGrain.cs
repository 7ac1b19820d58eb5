using System.Security.Cryptography;
using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.ApiKeys;

[GenerateSerializer, Alias("insure.ApiKeyState")]
public sealed class ApiKeyState : IOutboxState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string[] Scopes { get; set; } = [];
    [Id(2)] public byte[] SecretHash { get; set; } = [];
    [Id(3)] public string Last4 { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset? ExpiresAt { get; set; }
    [Id(6)] public DateTimeOffset? RevokedAt { get; set; }
    [Id(7)] public Actor? CreatedBy { get; set; }
    [Id(8)] public Actor? RevokedBy { get; set; }
    [Id(9)] public long Version { get; set; }
    [Id(10)] public List<DomainEvent> Outbox { get; set; } = [];
}

internal sealed class ApiKeyGrain(
    [PersistentState("apiKey", Names.Storage)] IPersistentState<ApiKeyState> state,
    IQueryStore queries,
    TenantClocks clocks,
    ILogger<ApiKeyGrain> logger)
    : TenantGrain<ApiKeyState>(state, queries, clocks, logger), IApiKeyGrain
{
    public async Task<ApiKeyCreated> Create(NewApiKey request)
    {
        if (Persisted.RecordExists)
        {
            throw new InvalidOperationException($"API key {EntityId} already exists.");
        }
        var secret = ApiKeyFormat.Compose(Tenant, EntityId, ApiKeyFormat.NewSecret());
        State.Name = request.Name;
        State.Scopes = request.Scopes;
        State.SecretHash = ApiKeyFormat.Hash(secret);
        State.Last4 = secret[^4..];
        State.CreatedAt = Time.GetUtcNow();
        State.ExpiresAt = request.ExpiresAt;
        State.CreatedBy = request.CreatedBy;
        var info = ToInfo();
        await Commit(NewEvent("api_key.created", info.ToResource(State.CreatedAt)));
        return new ApiKeyCreated(info, secret);
    }

    public Task<ApiKeyInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public async Task<ApiKeyCheck> Authenticate(byte[] secretHash)
    {
        if (!Persisted.RecordExists || !CryptographicOperations.FixedTimeEquals(secretHash, State.SecretHash))
        {
            return ApiKeyCheck.Unknown;
        }
        if (State.RevokedAt is not null)
        {
            return new ApiKeyCheck(ApiKeyStatus.Revoked, [], OrganizationTiers.Standard);
        }
        if (State.ExpiresAt is { } expires && expires <= Time.GetUtcNow())
        {
            return new ApiKeyCheck(ApiKeyStatus.Expired, [], OrganizationTiers.Standard);
        }
        // Sandbox limits do not depend on the tier, so only production keys ask the organization.
        var tier = OrganizationTiers.Standard;
        if (Tenant.Environment == Tenant.Production)
        {
            var organization = await GrainFactory.GetGrain<IOrganizationGrain>(Tenant.OrgId).Get();
            tier = organization?.Tier ?? tier;
        }
        return new ApiKeyCheck(ApiKeyStatus.Valid, State.Scopes, tier);
    }

    public async Task<ApiKeyInfo?> Revoke(Actor by)
    {
        if (!Persisted.RecordExists)
        {
            return null;
        }
        if (State.RevokedAt is null)
        {
            State.RevokedAt = Time.GetUtcNow();
            State.RevokedBy = by;
            await Commit(NewEvent("api_key.revoked", ToInfo().ToResource(State.RevokedAt.Value)));
        }
        return ToInfo();
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            yield return Summary(QueryKinds.ApiKey, State.CreatedAt,
                new Dictionary<string, string> { ["revoked"] = State.RevokedAt is null ? "false" : "true" }, ToInfo());
        }
    }

    private ApiKeyInfo ToInfo() => new(
        EntityId, Tenant.OrgId, Tenant.Environment, State.Name, State.Scopes, ApiKeyFormat.PrefixFor(Tenant.Environment),
        State.Last4, State.CreatedAt, State.ExpiresAt, State.RevokedAt, State.CreatedBy!, State.RevokedBy);
}
