using System.Net;
using Insure.Grains.Hosting;

namespace Insure.Grains.Webhooks;

/// <summary>
/// A subscription's url, checked when it is created or changed: the rules (<see cref="WebhookUrlRules"/>), then every
/// address its host resolves to. The sender checks the address it connects to again at each delivery.
/// </summary>
internal sealed class WebhookUrlGuard(InsureOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    /// <summary>The url in its normal form (as stored and sent to), or why it is refused.</summary>
    public Task<Decision<Uri>> Check(string? url) => WebhookAddressCheck.Check(url, options.Webhooks, resolve);
}
