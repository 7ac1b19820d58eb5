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

    public static void Body(object? body)
    {
        if (body is null)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "A JSON object body is required");
        }
    }
}
