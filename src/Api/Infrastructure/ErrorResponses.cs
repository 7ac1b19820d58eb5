using System.Text.Json;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

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
