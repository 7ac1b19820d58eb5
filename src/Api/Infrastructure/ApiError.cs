using System.Text.Json.Serialization;

namespace Insure.Api.Infrastructure;

/// <summary>The body of every non-2xx response.</summary>
public sealed record ApiError(
    string Error,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Details,
    string RequestId);
