using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>Request-body checks that answer 400 `validation_failed` naming the field.</summary>
public static class Validate
{
    public static string Required(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw ApiException.Validation(field, "required", $"Missing required field: {field}");
        }
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            throw ApiException.Validation(field, "max_length", $"{field} must be at most {maxLength} characters");
        }
        return trimmed;
    }

    public static T Required<T>(T? value, string field) where T : struct =>
        value ?? throw ApiException.Validation(field, "required", $"Missing required field: {field}");

    /// <summary>The largest amount of money accepted anywhere: far beyond any real figure, far below decimal's range.</summary>
    public const decimal MaxMoney = 1_000_000_000_000m;

    /// <summary>A required amount of money: at most two decimals (cents) and at most <see cref="MaxMoney"/> either way.</summary>
    public static decimal Money(decimal? value, string field)
    {
        var amount = Required(value, field);
        if (decimal.Round(amount, 2) != amount)
        {
            throw ApiException.Validation(field, "scale", $"{field} must have at most two decimals");
        }
        if (Math.Abs(amount) > MaxMoney)
        {
            throw ApiException.Validation(field, "max", $"{field} must be at most {MaxMoney:N0}");
        }
        return amount;
    }

    public static void Body(object? body)
    {
        if (body is null)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "A JSON object body is required");
        }
    }
}
