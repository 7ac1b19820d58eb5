using System.Text.Json;
using System.Text.Json.Serialization;

namespace Insure.Api.Infrastructure;

/// <summary>The body of every non-2xx response.</summary>
public sealed record ApiError(
    string Error,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Details,
    string RequestId);

/// <summary>Error codes of the contract (API.md "Errors").</summary>
public static class ErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Conflict = "conflict";
    public const string PayloadTooLarge = "payload_too_large";
    public const string InvalidStateTransition = "invalid_state_transition";
    public const string BusinessRuleViolation = "business_rule_violation";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string RateLimited = "rate_limited";
    public const string Internal = "internal_error";
    public const string Unavailable = "service_unavailable";
}

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
    /// <summary>A domain refusal in the contract's terms: 409 for a conflict, 400 for invalid input, 422 otherwise.</summary>
    public static ApiException ToApiException(this Insure.Grains.RuleViolation violation) => new(
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
