using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Organizations;

/// <summary>An organization, the tenant root: load, decide (<see cref="OrganizationRules"/>), apply, commit.</summary>
internal sealed class OrganizationGrain(
    [PersistentState("organization", Names.Storage)] IPersistentState<OrganizationState> state,
    IQueryStore queries,
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time,
    TenantClocks clocks,
    ILogger<OrganizationGrain> logger)
    : OutboxGrain<OrganizationState>(state, queries, logger), IOrganizationGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<OrganizationInfo> Create(string name, Actor createdBy)
    {
        if (Persisted.RecordExists)
        {
            throw new InvalidOperationException($"Organization {Id} already exists.");
        }
        var now = time.GetUtcNow();
        State.Name = name;
        State.CreatedAt = now;
        State.UpdatedAt = now;
        State.CreatedBy = createdBy;
        await Commit();
        return ToInfo();
    }

    public Task<OrganizationInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public async Task<OrganizationInfo?> Update(OrganizationUpdate update)
    {
        if (!Persisted.RecordExists)
        {
            return null;
        }
        var profile = OrganizationRules.Update(new OrganizationProfile(State.Name, State.Tier, State.LiveApproved, State.Status), update);
        (State.Name, State.Tier, State.LiveApproved, State.Status) = (profile.Name, profile.Tier, profile.LiveApproved, profile.Status);
        State.UpdatedAt = time.GetUtcNow();
        await Commit();
        await TellBuckets();
        return ToInfo();
    }

    /// <summary>
    /// Each environment's rate-limit bucket holds this organization's standing for the requests it admits; it hears of a
    /// change before the PATCH answers, and so do the Api nodes holding tokens of its buckets, so the next request sees it. Should the push fail, the bucket reads the
    /// organization again within a minute anyway.
    /// </summary>
    private async Task TellBuckets()
    {
        var info = ToInfo();
        try
        {
            await Task.WhenAll(new[] { Tenant.Sandbox, Tenant.Production }.Select(environment =>
                GrainFactory.Keyed<IRateLimitBucketGrain>(new Tenant(Id, environment).ToString()).OrganizationChanged(info)));
            // Then the Api nodes drop the rate-limit tokens they hold for it, so their next request asks the bucket.
            await GrainFactory.GetGrain<IAccessChangesGrain>(0).OrganizationChanged(Id);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not tell the rate-limit buckets of {Organization} about its change; they read it again within a minute", Id);
        }
    }

    public async Task<ApiKeyReservation> ReserveApiKey(string environment, string keyId, DateTimeOffset? expiresAt, int maxLive)
    {
        if (!Persisted.RecordExists)
        {
            return new ApiKeyReservation(ApiKeyReservationOutcome.NoOrganization, 0);
        }
        var reservation = OrganizationRules.Reserve(State, environment, keyId, expiresAt, maxLive, clocks.For(Id).GetUtcNow());
        if (reservation.LiveKeys is { } keys)
        {
            State.LiveKeys = keys;
            await Save();
        }
        return reservation.Reply;
    }

    public async Task ReleaseApiKey(string environment, string keyId)
    {
        if (OrganizationRules.Release(State.LiveKeys, environment, keyId) is { } kept)
        {
            State.LiveKeys = kept;
            await Save();
        }
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            yield return new QueryRecord(
                QueryKinds.Organization, QueryKinds.PlatformTenant, Id, State.CreatedAt, State.Version,
                new Dictionary<string, string> { ["tier"] = State.Tier }, InsureJson.Serialize(ToInfo()));
        }
    }

    private OrganizationInfo ToInfo() =>
        new(Id, State.Name, State.Tier, State.LiveApproved, State.CreatedAt, State.CreatedBy!, State.UpdatedAt, State.Status);
}
