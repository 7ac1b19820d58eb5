namespace Insure.Grains.Organizations;

/// <summary>Pure decisions about an organization's API keys.</summary>
internal static class OrganizationRules
{
    /// <summary>Keys of <paramref name="environment"/> that still count: not revoked (released) and not expired.</summary>
    public static int LiveKeys(IEnumerable<OrganizationState.LiveKey> keys, string environment, DateTimeOffset now) =>
        keys.Count(k => k.Environment == environment && IsLive(k, now));

    public static bool IsLive(OrganizationState.LiveKey key, DateTimeOffset now) => key.ExpiresAt is not { } expires || expires > now;

    /// <summary>Whether one more key of <paramref name="environment"/> may be created.</summary>
    public static ApiKeyReservationOutcome Reserve(OrganizationState organization, string environment, DateTimeOffset now, int maxLive)
    {
        if (environment == Tenant.Production && !organization.LiveApproved)
        {
            return ApiKeyReservationOutcome.NotLiveApproved;
        }
        return LiveKeys(organization.LiveKeys, environment, now) >= maxLive
            ? ApiKeyReservationOutcome.LimitReached
            : ApiKeyReservationOutcome.Reserved;
    }
}
