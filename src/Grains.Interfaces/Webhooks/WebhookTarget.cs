namespace Insure.Grains;

/// <summary>What an attempt needs from its subscription: the url, whether it is enabled, and the secrets in force, newest first.</summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-target")]
public sealed record WebhookTarget(
    [property: Id(0)] string Url,
    [property: Id(1)] bool Enabled,
    [property: Id(2)] string[] Secrets);
