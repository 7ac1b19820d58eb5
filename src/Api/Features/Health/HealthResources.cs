namespace Insure.Api.Features.Health;

public sealed record HealthDto(string Status, IReadOnlyDictionary<string, string>? Checks = null);
