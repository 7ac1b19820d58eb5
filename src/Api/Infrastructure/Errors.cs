using System.Text.Json;
using System.Text.Json.Serialization;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>The body of every non-2xx response.</summary>
public sealed record ApiError(
    string Error,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Details,
    string RequestId);

/// <summary>Thrown anywhere in a request to answer with the contract's error shape.</summary>
public sealed class ApiException(int status, string code, string message, IReadOnlyDictionary<string, string>? details = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, string>? Details { get; } = details;

    public static ApiException Validation(string field, string rule, string message) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, message,
            new Dictionary<string, string> { ["field"] = field, ["rule"] = rule });

    public static ApiException NotFound(string what) => new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"{what} not found");

    public static ApiException Forbidden(string message) => new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, message);
}

public static class RuleViolations
{
    /// <summary>A grain command's value; its violation is thrown as the contract's error. Null means not found.</summary>
    public static T? ValueOrThrow<T>(this Outcome<T> outcome) where T : class =>
        outcome.Violation is { } violation ? throw violation.ToApiException() : outcome.Value;

    /// <summary>A domain refusal in the contract's terms: 409 for a conflict, 400 for invalid input, 422 otherwise.</summary>
    public static ApiException ToApiException(this RuleViolation violation) => new(
        violation.Code switch
        {
            ErrorCodes.Conflict => StatusCodes.Status409Conflict,
            ErrorCodes.ValidationFailed => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        violation.Code, violation.Message, violation.Details);
}

public static class ErrorResponses
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ApiError Create(HttpContext context, string code, string message, IReadOnlyDictionary<string, string>? details = null) =>
        new(code, message, details, context.TraceIdentifier);

    public static ApiError NotFound(HttpContext context, string what) => Create(context, ErrorCodes.NotFound, $"{what} not found");

    public static async Task Write(HttpContext context, int status, string code, string message, IReadOnlyDictionary<string, string>? details = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, Create(context, code, message, details), Json, context.RequestAborted);
    }
}
