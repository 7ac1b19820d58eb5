namespace Insure.Grains.Hosting;

/// <summary>Webhook delivery: which addresses may receive, how attempts are timed and retried (`Insure:Webhooks`).</summary>
public sealed class WebhookSettings
{
    /// <summary>
    /// Permits receivers on 127.0.0.0/8 and ::1 (and plain http to them) for local development and tests. Every other
    /// private, link-local or special address stays refused.
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Permits plain `http://` receivers on public addresses (https only by default).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>The retry schedule when none is configured: 1 minute, 5 minutes, 30 minutes, 2 hours, 12 hours.</summary>
    public static readonly TimeSpan[] DefaultRetryDelays =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    /// <summary>
    /// Delays after a failed attempt at which the delivery is tried again, in order; after the last failure the
    /// delivery is `failed`. Empty means <see cref="DefaultRetryDelays"/> (the binder appends to an array's initial items).
    /// </summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    /// <summary>The retry schedule in force.</summary>
    public TimeSpan[] Retries => RetryDelays is { Length: > 0 } ? RetryDelays : DefaultRetryDelays;

    /// <summary>A subscription whose deliveries have failed without a success for this long is disabled.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The longest <see cref="Timeout"/> allowed: an attempt must end well inside a grain call's 30 s.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long one attempt waits for the receiver (connect, send and response), at most <see cref="MaxTimeout"/>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the previous secret keeps signing after `rotate-secret`.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most this much of a receiver's response body is read; the delivery log keeps its start.</summary>
    public int MaxResponseBodyBytes { get; set; } = 16 * 1024;
}
