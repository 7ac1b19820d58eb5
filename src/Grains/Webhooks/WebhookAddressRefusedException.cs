namespace Insure.Grains.Webhooks;

/// <summary>
/// Thrown from the sender's connect step when the host resolves to an address webhooks may not reach, so the attempt
/// reports the refusal instead of a generic connection failure.
/// </summary>
internal sealed class WebhookAddressRefusedException(string message) : IOException(message);
