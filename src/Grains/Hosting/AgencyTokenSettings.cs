namespace Insure.Grains.Hosting;

/// <summary>Agency access tokens (`Insure:AgencyTokens`).</summary>
public sealed class AgencyTokenSettings
{
    /// <summary>The longest and shortest lifetime a token may be given.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan MinLifetime = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a token works after it is made (its `exp` minus its `iat`); a rotated signing key keeps verifying for as
    /// long, so the tokens it signed last their full life.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);
}
