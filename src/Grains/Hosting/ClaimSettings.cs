namespace Insure.Grains.Hosting;

/// <summary>Claim lifecycle windows.</summary>
public sealed class ClaimSettings
{
    /// <summary>How many days after closing a claim it can still be reopened.</summary>
    public int ReopenWindowDays { get; set; } = 365;
}
