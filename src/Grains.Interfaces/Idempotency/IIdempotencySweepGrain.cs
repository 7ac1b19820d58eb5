namespace Insure.Grains;

/// <summary>
/// The one sweeper of expired idempotency records for the whole cluster (key 0): a single reminder wakes it
/// periodically, instead of a reminder per remembered key.
/// </summary>
[Alias("insure.IIdempotencySweepGrain")]
public interface IIdempotencySweepGrain : IGrainWithIntegerKey
{
    /// <summary>(Re)registers the sweep reminder; every silo calls it at start-up.</summary>
    [Alias("Start")]
    Task Start();

    /// <summary>Deletes every record past its expiry now; returns how many went. The reminder calls this.</summary>
    [Alias("Sweep")]
    Task<int> Sweep();
}
