namespace Insure.Grains;

/// <summary>
/// What one attempt to deliver a webhook got back: the receiver's status (null when none came), how long the attempt
/// took, the start of the response body for the delivery log, and why it failed when the receiver never answered
/// (timeout, refused address, connection failure) or the body could not be read.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-attempt-result")]
public sealed record WebhookAttemptResult(
    [property: Id(0)] int? StatusCode,
    [property: Id(1)] TimeSpan Latency,
    [property: Id(2)] string? ResponseBody,
    [property: Id(3)] string? Error)
{
    /// <summary>The receiver took the delivery: it answered 2xx.</summary>
    public bool Succeeded => StatusCode is >= 200 and <= 299;
}
