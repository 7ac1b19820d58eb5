namespace Insure.Grains.Organizations;

/// <summary>
/// Every decision about an organization, as pure functions: how an update merges into its profile, whether it
/// admits requests in an environment, and the cap of live API keys per environment.
/// </summary>
internal static class OrganizationRules
{
    /// <summary>The profile with every field the update sets (non-null) replaced; false is a value, so it revokes live approval.</summary>
    public static OrganizationProfile Update(OrganizationProfile current, OrganizationUpdate update) => new(
        update.Name ?? current.Name,
        update.Tier ?? current.Tier,
        update.LiveApproved ?? current.LiveApproved,
        update.Status ?? current.Status);

    /// <summary>
    /// Whether the organization's keys of <paramref name="environment"/> may make requests: not while it is suspended
    /// (whatever the environment), and production only once it is approved for live use.
    /// </summary>
    public static ApiKeyStatus Admission(OrganizationInfo organization, string environment)
    {
        if (organization.Status == OrganizationStatuses.Suspended)
        {
            return ApiKeyStatus.OrganizationSuspended;
        }
        return environment == Tenant.Production && !organization.LiveApproved ? ApiKeyStatus.LiveNotApproved : ApiKeyStatus.Valid;
    }

    /// <summary>Keys of <paramref name="environment"/> that still count: not revoked (released) and not expired.</summary>
    public static int LiveKeys(IEnumerable<OrganizationState.LiveKey> keys, string environment, DateTimeOffset now) =>
        keys.Count(k => k.Environment == environment && IsLive(k, now));

    /// <summary>A key stops counting at the instant it expires.</summary>
    public static bool IsLive(OrganizationState.LiveKey key, DateTimeOffset now) => key.ExpiresAt is not { } expires || expires > now;

    /// <summary>
    /// Whether one more key of <paramref name="environment"/> may be created: production needs live approval, and the
    /// environment's live keys must be under <paramref name="maxLive"/>. A reserved key is added to the live keys, and
    /// expired ones (of any environment) are dropped in the same write; the reply counts the environment's live keys after.
    /// </summary>
    public static KeyReservation Reserve(
        OrganizationState organization, string environment, string keyId, DateTimeOffset? expiresAt, int maxLive, DateTimeOffset now)
    {
        ApiKeyReservationOutcome? refused =
            environment == Tenant.Production && !organization.LiveApproved ? ApiKeyReservationOutcome.NotLiveApproved
            : LiveKeys(organization.LiveKeys, environment, now) >= maxLive ? ApiKeyReservationOutcome.LimitReached
            : null;
        if (refused is { } outcome)
        {
            return new KeyReservation(new ApiKeyReservation(outcome, LiveKeys(organization.LiveKeys, environment, now)), null);
        }
        var keys = organization.LiveKeys.Where(k => IsLive(k, now)).Append(new OrganizationState.LiveKey(environment, keyId, expiresAt)).ToList();
        return new KeyReservation(new ApiKeyReservation(ApiKeyReservationOutcome.Reserved, LiveKeys(keys, environment, now)), keys);
    }

    /// <summary>The live keys without <paramref name="keyId"/> of <paramref name="environment"/>, or null when it was not counted.</summary>
    public static List<OrganizationState.LiveKey>? Release(List<OrganizationState.LiveKey> keys, string environment, string keyId)
    {
        var kept = keys.Where(k => k.Environment != environment || k.KeyId != keyId).ToList();
        return kept.Count == keys.Count ? null : kept;
    }
}
