namespace Insure.Grains.AgencyTokens;

/// <summary>Which signing keys verify at a moment, and what a rotation leaves, as pure functions.</summary>
internal static class AgencyTokenKeyRules
{
    /// <summary>The keys that verify at <paramref name="now"/>: the active one first, then retired ones, newest first.</summary>
    public static List<AgencyTokenKey> Verifying(IEnumerable<AgencyTokenKey> keys, DateTimeOffset now) =>
        keys.Where(k => k.VerifyUntil is null || k.VerifyUntil > now)
            .OrderBy(k => k.RetiredAt is null ? 0 : 1)
            .ThenByDescending(k => k.CreatedAt)
            .ToList();

    /// <summary>
    /// The keys after making <paramref name="next"/> active, when the active key is still <paramref name="replacing"/>
    /// (null: none); the replaced key retires now and verifies for <paramref name="overlap"/> more, and keys past their
    /// window are dropped. Null when the active key is another: someone rotated first, and nothing changes.
    /// </summary>
    public static List<AgencyTokenKey>? Rotate(
        IReadOnlyList<AgencyTokenKey> keys, AgencyTokenKey next, string? replacing, TimeSpan overlap, DateTimeOffset now)
    {
        var verifying = Verifying(keys, now);
        var active = verifying.FirstOrDefault(k => k.RetiredAt is null);
        if (active?.KeyId != replacing || verifying.Any(k => k.KeyId == next.KeyId))
        {
            return null;
        }
        var rotated = new List<AgencyTokenKey> { next with { RetiredAt = null, VerifyUntil = null } };
        rotated.AddRange(verifying.Select(k => k == active ? k with { RetiredAt = now, VerifyUntil = now + overlap } : k));
        return Verifying(rotated, now);
    }
}
