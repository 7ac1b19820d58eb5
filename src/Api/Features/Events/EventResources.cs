using System.Text.Json;

namespace Insure.Api.Features.Events;

/// <summary>A domain event as webhooks deliver it.</summary>
public sealed record EventDto(string Id, string Object, string Type, string OrgId, string Environment, DateTimeOffset Timestamp, JsonElement Data);
