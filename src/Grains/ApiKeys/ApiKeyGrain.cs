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
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time,
    ILogger<ApiKeyGrain> logger)
    : OutboxGrain<ApiKeyState>(state, queries, logger), IApiKeyGrain
{
    private Tenant _tenant = null!;
    private string _keyId = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _keyId) = Tenant.ParseKey(this.GetPrimaryKeyString());
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<ApiKeyCreated> Create(NewApiKey request)
    {
        if (Persisted.RecordExists)
        {
            throw new InvalidOperationException($"API key {_keyId} already exists.");
        }
        var secret = ApiKeyFormat.Compose(_tenant, _keyId, ApiKeyFormat.NewSecret());
        State.Name = request.Name;
        State.Scopes = request.Scopes;
        State.SecretHash = ApiKeyFormat.Hash(secret);
        State.Last4 = secret[^4..];
        State.CreatedAt = time.GetUtcNow();
        State.ExpiresAt = request.ExpiresAt;
        State.CreatedBy = request.CreatedBy;
        var info = ToInfo();
        await Commit(EventRecords.Create(_tenant, "api_key.created", info.ToResource(State.CreatedAt), time));
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
        if (State.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            return new ApiKeyCheck(ApiKeyStatus.Expired, [], OrganizationTiers.Standard);
        }
        // Sandbox limits do not depend on the tier, so only production keys ask the organization.
        var tier = OrganizationTiers.Standard;
        if (_tenant.Environment == Tenant.Production)
        {
            var organization = await GrainFactory.GetGrain<IOrganizationGrain>(_tenant.OrgId).Get();
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
            State.RevokedAt = time.GetUtcNow();
            State.RevokedBy = by;
            await Commit(EventRecords.Create(_tenant, "api_key.revoked", ToInfo().ToResource(State.RevokedAt.Value), time));
        }
        return ToInfo();
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            yield return new QueryRecord(
                QueryKinds.ApiKey, _tenant.ToString(), _keyId, State.CreatedAt, State.Version,
                new Dictionary<string, string> { ["revoked"] = State.RevokedAt is null ? "false" : "true" },
                InsureJson.Serialize(ToInfo()));
        }
    }

    private ApiKeyInfo ToInfo() => new(
        _keyId, _tenant.OrgId, _tenant.Environment, State.Name, State.Scopes, ApiKeyFormat.PrefixFor(_tenant.Environment),
        State.Last4, State.CreatedAt, State.ExpiresAt, State.RevokedAt, State.CreatedBy!, State.RevokedBy);
}
