using System.Text.Json;
using System.Text.Json.Serialization;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

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
