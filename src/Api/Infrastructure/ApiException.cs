using Insure.Grains;

namespace Insure.Api.Infrastructure;

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
