namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// The Api with webhook receivers allowed on loopback (the test receivers live there), a short attempt timeout, and a
/// retry schedule of 1 and 5 minutes (tests move the tenant clock and fire the retry reminder themselves).
/// </summary>
public sealed class WebhookApplication() : InsureApplication(new Dictionary<string, string?>
{
    ["Insure:Webhooks:AllowLoopback"] = "true",
    ["Insure:Webhooks:Timeout"] = "00:00:01",
    ["Insure:Webhooks:RetryDelays:0"] = "00:01:00",
    ["Insure:Webhooks:RetryDelays:1"] = "00:05:00",
    ["Insure:RateLimits:Sandbox"] = "100000",
});

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookApplication>
{
    public const string Name = "webhooks";
}
