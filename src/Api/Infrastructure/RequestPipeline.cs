using System.Text.Json;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Outermost middleware: gives every request a `req_` id (the `X-Request-Id` header and the error body's
/// `requestId`), turns exceptions into the error shape without leaking internals, and gives bodiless error
/// statuses from the framework (unknown route 404, 405, ...) the same shape.
/// </summary>
public sealed class RequestPipelineMiddleware(RequestDelegate next, ILogger<RequestPipelineMiddleware> logger)
{
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>How long a client is told to wait after a 503 (the database or the cluster did not answer).</summary>
    private const string RetryUnavailableAfterSeconds = "5";

    public async Task InvokeAsync(HttpContext context)
    {
        context.TraceIdentifier = Ids.New("req");
        context.Response.Headers[RequestIdHeader] = context.TraceIdentifier;
        // Whatever the Api logs while the request runs carries its id (a JSON log line has it under "Scopes").
        using var scope = logger.BeginScope(new RequestLogScope(context.TraceIdentifier, context.Request.Method, context.Request.Path.Value));
        try
        {
            // The body limit depends on the endpoint, so RequestBodyLimitMiddleware applies it after routing.
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            var (status, code, message, details) = Describe(ex);
            if (Unavailability.Of(ex) is { } unavailable && status == StatusCodes.Status503ServiceUnavailable)
            {
                logger.Log(unavailable.Expected ? LogLevel.Warning : LogLevel.Error, ex, "{Method} {Path} ({RequestId}) failed: {Message}",
                    context.Request.Method, context.Request.Path, context.TraceIdentifier, message);
                context.Response.Headers.RetryAfter = RetryUnavailableAfterSeconds;
            }
            else if (status >= 500)
            {
                logger.LogError(ex, "Unhandled exception for {Method} {Path} ({RequestId})", context.Request.Method, context.Request.Path, context.TraceIdentifier);
            }
            // Keep the request id, rate-limit and challenge headers; drop anything else the failed handler set.
            var keep = context.Response.Headers
                .Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase) || h.Key is "Retry-After" or "WWW-Authenticate")
                .ToList();
            context.Response.Clear();
            foreach (var header in keep)
            {
                context.Response.Headers[header.Key] = header.Value;
            }
            await ErrorResponses.Write(context, status, code, message, details);
            return;
        }
        if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null or 0
            && string.IsNullOrEmpty(context.Response.ContentType))
        {
            var status = context.Response.StatusCode;
            var (code, message) = status switch
            {
                404 => (ErrorCodes.NotFound, $"No route matches {context.Request.Method} {context.Request.Path}"),
                405 => (ErrorCodes.MethodNotAllowed, $"{context.Request.Method} is not allowed on {context.Request.Path}"),
                413 => (ErrorCodes.PayloadTooLarge, "The request body is too large"),
                415 => (ErrorCodes.BadRequest, "Content-Type must be application/json"),
                401 => (ErrorCodes.Unauthorized, "Authentication required"),
                403 => (ErrorCodes.Forbidden, "Forbidden"),
                _ when status >= 500 => (ErrorCodes.Internal, "An internal error occurred"),
                _ => (ErrorCodes.BadRequest, "The request could not be processed"),
            };
            // A framework 415 (wrong content type) is a client error the contract answers with 400.
            await ErrorResponses.Write(context, status == 415 ? 400 : status, code, message);
        }
    }

    private static (int Status, string Code, string Message, IReadOnlyDictionary<string, string>? Details) Describe(Exception ex)
    {
        switch (ex)
        {
            case ApiException api:
                return (api.Status, api.Code, api.Message, api.Details);
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return (413, ErrorCodes.PayloadTooLarge, "The request body is too large", null);
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType:
                return (400, ErrorCodes.BadRequest, "Content-Type must be application/json", null);
            case BadHttpRequestException bad when FindJsonException(bad) is { } json:
                return DescribeJson(json);
            case BadHttpRequestException bad when bad.StatusCode < 500:
                return (400, ErrorCodes.BadRequest, "The request body is missing or could not be read", null);
            case JsonException json:
                return DescribeJson(json);
            case OperationCanceledException:
                return (400, ErrorCodes.BadRequest, "The request was cancelled", null);
            case var _ when Unavailability.Of(ex) is { } unavailable:
                return (503, ErrorCodes.Unavailable, unavailable.Message, null);
            default:
                return (500, ErrorCodes.Internal, "An internal error occurred", null);
        }
    }

    private static JsonException? FindJsonException(Exception ex)
    {
        for (var current = ex.InnerException; current is not null; current = current.InnerException)
        {
            if (current is JsonException json)
            {
                return json;
            }
        }
        return null;
    }

    private static (int, string, string, IReadOnlyDictionary<string, string>?) DescribeJson(JsonException json)
    {
        var field = FieldOf(json.Path);
        // Syntax errors come from the reader (an inner JsonReaderException); the rest are shape errors.
        if (json.InnerException?.GetType().Name == "JsonReaderException" || json.Message.Contains("invalid start of a value", StringComparison.Ordinal))
        {
            return (400, ErrorCodes.BadRequest, $"Malformed JSON body (line {json.LineNumber + 1}, position {json.BytePositionInLine})", null);
        }
        if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = ExtractQuoted(json.Message) ?? field ?? "?";
            var fullName = field is { Length: > 0 } parent && !parent.EndsWith(name, StringComparison.Ordinal) ? $"{parent}.{name}" : field ?? name;
            return (400, ErrorCodes.ValidationFailed, $"Unknown field: {fullName}",
                new Dictionary<string, string> { ["field"] = fullName, ["rule"] = "unknown_field" });
        }
        if (field is null)
        {
            return (400, ErrorCodes.BadRequest, "The JSON body does not have the expected shape", null);
        }
        return (400, ErrorCodes.ValidationFailed, $"Invalid value for field: {field}",
            new Dictionary<string, string> { ["field"] = field, ["rule"] = "type" });
    }

    private static string? FieldOf(string? path) => path switch
    {
        null or "$" => null,
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ => path.TrimStart('$'),
    };

    private static string? ExtractQuoted(string message)
    {
        var start = message.IndexOf('\'');
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? message[(start + 1)..end] : null;
    }
}
