namespace Insure.Grains;

/// <summary>
/// One attempt to deliver: when, what the receiver answered (status code and the start of its body) and how long it
/// took, or why there was no answer (timeout, refused address, connection failure).
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-attempt")]
public sealed record WebhookAttempt(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] int? StatusCode,
    [property: Id(2)] long LatencyMs,
    [property: Id(3)] string? ResponseBody,
    [property: Id(4)] string? Error,
    [property: Id(5)] string Trigger)
{
    public bool Delivered => StatusCode is >= 200 and < 300;
}
