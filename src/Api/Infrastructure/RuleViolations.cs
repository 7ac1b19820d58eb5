using Insure.Grains;

namespace Insure.Api.Infrastructure;

public static class RuleViolations
{
    /// <summary>A grain command's value; its violation is thrown as the contract's error. Null means not found.</summary>
    public static T? ValueOrThrow<T>(this Outcome<T> outcome) where T : class =>
        outcome.Violation is { } violation ? throw violation.ToApiException() : outcome.Value;

    /// <summary>A domain refusal in the contract's terms: its code's status (400, 401, 403, 404, 409, 503), else 422.</summary>
    public static ApiException ToApiException(this RuleViolation violation) => new(
        violation.Code switch
        {
            ErrorCodes.ValidationFailed => StatusCodes.Status400BadRequest,
            ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
            ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
            ErrorCodes.NotFound => StatusCodes.Status404NotFound,
            ErrorCodes.Conflict => StatusCodes.Status409Conflict,
            ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        violation.Code, violation.Message, violation.Details);
}
