using System.Text.Json;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Events;

/// <summary>A domain event as webhooks deliver it.</summary>
public sealed record EventDto(string Id, string Object, string Type, string OrgId, string Environment, DateTimeOffset Timestamp, JsonElement Data);
