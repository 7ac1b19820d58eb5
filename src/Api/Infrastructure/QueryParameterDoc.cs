using Microsoft.OpenApi;

namespace Insure.Api.Infrastructure;

/// <summary>Endpoint metadata: a query parameter to show in the OpenAPI document.</summary>
public sealed record QueryParameterDoc(string Name, string Description, JsonSchemaType Type, string? Format);
