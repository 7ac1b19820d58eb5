namespace Insure.Api.Features.Producers;

/// <summary>A state license: good through `expiresOn` for the lines of business it lists.</summary>
public sealed record LicenseResource(string State, string Number, IReadOnlyList<string> LinesOfBusiness, DateOnly ExpiresOn);
