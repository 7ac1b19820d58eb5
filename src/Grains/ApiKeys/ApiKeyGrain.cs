using System.Security.Cryptography;
using Insure.Grains.Events;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.ApiKeys;

internal sealed class ApiKeyGrain(
    [PersistentState("apiKey", Names.Storage)] IPersistentState<ApiKeyState> state,
    IQueryStore queries,
    TenantClocks clocks,
    ILogger<ApiKeyGrain> logger)
    : TenantGrain<ApiKeyState>(state, queries, clocks, logger), IApiKeyGrain
{
    public async Task<Outcome<ApiKeyInfo>> Create(NewApiKey request)
    {
        if (Persisted.RecordExists)
        {
            return RuleViolation.Conflict($"API key {EntityId} already exists");
        }
        var decision = ApiKeyRules.Issue(request, Tenant.Environment, Time.GetUtcNow());
        if (decision.Violation is { } refused)
        {
            return refused;
        }
        var terms = decision.Facts!;
        var organization = GrainFactory.Keyed<IOrganizationGrain>(Tenant.OrgId);
        try
        {
            // Inside the try: a reservation the organization saved but whose answer was lost is released below too.
            var reservation = await organization.ReserveApiKey(Tenant.Environment, EntityId, terms.ExpiresAt, request.MaxLive);
            if (ApiKeyRules.Reserved(reservation, Tenant.Environment, request.MaxLive) is { } unreserved)
            {
                return unreserved;
            }
            if (request.Creator is { } creator && !await Grains.Get<IApiKeyGrain>(creator.KeyId).AddChild(EntityId))
            {
                // Revoked (or expired) between authenticating the request and now.
                await organization.ReleaseApiKey(Tenant.Environment, EntityId);
                return new RuleViolation(ErrorCodes.Unauthorized, "This API key has been revoked");
            }
            State.Name = request.Name;
            State.Scopes = terms.Scopes;
            State.SecretHash = request.SecretHash;
            State.Last4 = request.Last4;
            State.CreatedAt = Time.GetUtcNow();
            State.ExpiresAt = terms.ExpiresAt;
            State.CreatedBy = request.CreatedBy;
            await Commit(() => [NewEvent("api_key.created", ToInfo())]);
            return ToInfo();
        }
        catch
        {
            // The key was not created, so it must not count against the cap. Should this fail too, the cap counts one
            // key too many for this organization; the original error is the one to report.
            try
            {
                await organization.ReleaseApiKey(Tenant.Environment, EntityId);
            }
            catch (Exception)
            {
                // Deliberately ignored (see above).
            }
            throw;
        }
    }

    public Task<ApiKeyInfo?> Get() => Task.FromResult(Exists() ? ToInfo() : null);

    public Task<Leased<ApiKeyInfo>> Lease(IReadLeaseHolder holder) => Task.FromResult(LeaseOf(Exists() ? ToInfo() : null, holder));

    public Task<ApiKeyCheck> Authenticate(byte[] secretHash)
    {
        if (!Exists() || !CryptographicOperations.FixedTimeEquals(secretHash, State.SecretHash))
        {
            return Task.FromResult(ApiKeyCheck.Unknown);
        }
        if (ApiKeyRules.Standing(State.RevokedAt, State.ExpiresAt, Time.GetUtcNow()) is not ApiKeyStatus.Valid and var standing)
        {
            return Task.FromResult(new ApiKeyCheck(standing, []));
        }
        // The organization's standing (suspension, live approval, tier) is the tenant's rate-limit bucket's to apply,
        // on the same request: the bucket holds it, so checking it costs no call of its own.
        return Task.FromResult(new ApiKeyCheck(ApiKeyStatus.Valid, State.Scopes, State.ExpiresAt));
    }

    public async Task<bool> AddChild(string keyId)
    {
        if (!Exists() || ApiKeyRules.Standing(State.RevokedAt, State.ExpiresAt, Time.GetUtcNow()) != ApiKeyStatus.Valid)
        {
            return false;
        }
        if (!State.Children.Contains(keyId))
        {
            State.Children.Add(keyId);
            await Save();
        }
        return true;
    }

    public async Task<Outcome<ApiKeyInfo>> Revoke(Actor by, string[]? revokerScopes)
    {
        if (!Exists())
        {
            return Outcome<ApiKeyInfo>.NotFound;
        }
        if (ApiKeyRules.Revoke(EntityId, State.Scopes, revokerScopes) is { } refused)
        {
            return refused;
        }
        if (State.RevokedAt is null)
        {
            State.RevokedAt = Time.GetUtcNow();
            State.RevokedBy = by;
            await Commit(() => [NewEvent("api_key.revoked", ToInfo())]);
        }
        // Run again on a revoked key too: a retried DELETE finishes a cascade that an earlier failure cut short.
        // Every Api node forgets that it checked the key before the revocation answers.
        await GrainFactory.GetGrain<IAccessChangesGrain>(0).Revoked(this.GetPrimaryKeyString());
        await GrainFactory.Keyed<IOrganizationGrain>(Tenant.OrgId).ReleaseApiKey(Tenant.Environment, EntityId);
        await Task.WhenAll(State.Children.Select(child => Grains.Get<IApiKeyGrain>(child).Revoke(by, revokerScopes: null)));
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
