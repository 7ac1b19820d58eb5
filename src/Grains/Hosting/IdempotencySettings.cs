namespace Insure.Grains.Hosting;

/// <summary>`Insure:Idempotency`: how long an unfinished request blocks its key, and how often expired records are swept.</summary>
public sealed class IdempotencySettings
{
    /// <summary>
    /// How long a request that began under a key and never finished (its node crashed or hung) answers retries with 409.
    /// After it, a retry runs. Longer than any request can take: grain calls time out after 30 s.
    /// </summary>
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the one cluster-wide sweep deletes expired records (Orleans' reminder minimum is a minute).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(15);
}
