namespace Insure.Grains.Hosting;

/// <summary>
/// `Insure:Shutdown`: how long a stopping process (SIGTERM) may take before it exits all the same. Orleans keeps trying
/// to record a leaving silo in the membership table for minutes when the database is away; every change is stored as it
/// is made, so nothing waits on those writes but the silo's own row, which the others mark dead anyway.
/// </summary>
public sealed class ShutdownSettings
{
    /// <summary>The limit while the database answers (a graceful stop takes seconds); zero or less: no limit.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>The limit when the database does not answer as the stop begins (Postgres storage).</summary>
    public TimeSpan DeadlineWithoutDatabase { get; set; } = TimeSpan.FromSeconds(5);
}
