namespace Insure.Api.Infrastructure;

/// <summary>
/// Endpoint metadata: the platform admin secret is required. <see cref="BrowserPrompt"/>: pages a person opens in a browser
/// (the dashboard), which also take the secret as a Basic-auth password, and whose 401 asks the browser to prompt for it.
/// </summary>
public sealed record AdminOnly(bool BrowserPrompt = false);
