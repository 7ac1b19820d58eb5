namespace Insure.Api.Features.Producers;

/// <summary>A license as sent: every field required; `state` a two-letter US code, `linesOfBusiness` product codes such as `GL`.</summary>
public sealed record LicenseRequest(string? State, string? Number, string[]? LinesOfBusiness, DateOnly? ExpiresOn);
