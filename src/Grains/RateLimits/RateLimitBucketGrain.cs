using Insure.Grains.Hosting;
using Insure.Grains.Organizations;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Grains.RateLimits;

/// <summary>
/// A tenant's request windows (see <see cref="RateLimitRules"/>): one per key that made requests lately, and one for
/// the tenant; and its organization's standing, pushed by the organization when it changes and read again at least
/// every <see cref="StandingRefresh"/> as a safety net. Counters live in the activation only; losing them on
/// deactivation at most forgives part of one window.
/// </summary>
internal sealed class RateLimitBucketGrain([FromKeyedServices(InsureHosting.Clock)] TimeProvider time) : Grain, IRateLimitBucketGrain
{
    private static readonly TimeSpan StandingRefresh = TimeSpan.FromMinutes(1);
    private RateWindow _tenant;
    private readonly Dictionary<string, RateWindow> _keys = new(StringComparer.Ordinal);
    private OrganizationInfo? _organization;
    private DateTimeOffset _organizationReadAt;
    /// <summary>Counts pushes, so a read that was under way while a push arrived does not overwrite the newer push.</summary>
    private long _pushes;

    private string OrgId { get; set; } = "";

    private string Environment { get; set; } = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The key is `{orgId}/{environment}`: split once per activation, not per request.
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/');
        (OrgId, Environment) = (key[..slash], key[(slash + 1)..]);
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<RateLimitDecision> Take(string keyId, RateLimitSchedule schedule) => (await Lease(keyId, schedule, 1))[0];

    public async Task<RateLimitDecision[]> Lease(string keyId, RateLimitSchedule schedule, int count)
    {
        var now = time.GetUtcNow();
        if (_organization is null || now - _organizationReadAt >= StandingRefresh)
        {
            var pushes = _pushes;
            var read = await GrainFactory.Keyed<IOrganizationGrain>(OrgId).Get();
            if (pushes == _pushes)
            {
                _organization = read;
                _organizationReadAt = now;
            }
        }
        if (_organization is not { } organization)
        {
            return [RateLimitDecision.NotAdmitted(ApiKeyStatus.Unknown)];
        }
        if (OrganizationRules.Admission(organization, Environment) is not ApiKeyStatus.Valid and var refused)
        {
            return [RateLimitDecision.NotAdmitted(refused)];
        }
        foreach (var stale in RateLimitRules.Stale(_tenant, _keys, now))
        {
            _keys.Remove(stale);
        }
        var lease = RateLimitRules.Lease(_keys.GetValueOrDefault(keyId), _tenant,
            schedule.KeyLimit(Environment, organization.Tier), schedule.TenantLimit(Environment, organization.Tier), now, Math.Clamp(count, 1, MaxLease));
        (_keys[keyId], _tenant) = (lease.Key, lease.Tenant);
        return lease.Decisions;
    }

    /// <summary>The most requests one lease counts at once.</summary>
    public const int MaxLease = 100;

    public Task OrganizationChanged(OrganizationInfo organization)
    {
        _pushes++;
        _organization = organization;
        _organizationReadAt = time.GetUtcNow();
        return Task.CompletedTask;
    }
}
