using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Health;

public sealed record HealthDto(string Status, IReadOnlyDictionary<string, string>? Checks = null);
