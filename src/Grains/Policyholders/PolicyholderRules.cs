using System.Net.Mail;
using Insure.Grains.Products;

namespace Insure.Grains.Policyholders;

/// <summary>What a policyholder's details must satisfy, whether created or patched: a pure function.</summary>
public static class PolicyholderRules
{
    /// <summary>The first rule the details break (naming the field), or null when they are valid.</summary>
    public static ApplicationIssue? Check(PolicyholderDetails details, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(details.Type))
        {
            return new("type", "required", "Missing required field: type");
        }
        if (details.Type is not (PolicyholderTypes.Individual or PolicyholderTypes.Company))
        {
            return new("type", "enum", "type must be \"individual\" or \"company\"");
        }
        if (details.Type == PolicyholderTypes.Individual)
        {
            if ((Name(details.FirstName, "firstName", 100) ?? Name(details.LastName, "lastName", 100)) is { } missing)
            {
                return missing;
            }
            if (details.CompanyName is not null || details.RegistrationNumber is not null)
            {
                return new(details.CompanyName is not null ? "companyName" : "registrationNumber", "not_applicable",
                    "companyName and registrationNumber are for company policyholders");
            }
            if (details.DateOfBirth is { } born && born > today)
            {
                return new("dateOfBirth", "range", "dateOfBirth cannot be in the future");
            }
        }
        else
        {
            if (Name(details.CompanyName, "companyName", 200) is { } missing)
            {
                return missing;
            }
            if (details.FirstName is not null || details.LastName is not null || details.DateOfBirth is not null)
            {
                return new(details.FirstName is not null ? "firstName" : details.LastName is not null ? "lastName" : "dateOfBirth",
                    "not_applicable", "firstName, lastName and dateOfBirth are for individual policyholders");
            }
        }
        if (details.Email is { } email && (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || email.Length > 254))
        {
            return new("email", "format", "email must be an email address such as jane@example.com");
        }
        if (details.Phone is { } phone && (phone.Length is < 5 or > 20 || !phone.All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')')))
        {
            return new("phone", "format", "phone must be 5 to 20 digits, spaces, + - ( )");
        }
        if (details.Address?.Country is { } country && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
        {
            return new("address.country", "format", "address.country must be an ISO 3166-1 alpha-2 code such as US");
        }
        return null;
    }

    /// <summary>The current details with every field the patch sets (non-null) replaced; an address merges field by field.</summary>
    public static PolicyholderDetails Merge(PolicyholderDetails current, PolicyholderDetails patch) => new(
        patch.Type.Length > 0 ? patch.Type : current.Type,
        patch.FirstName ?? current.FirstName,
        patch.LastName ?? current.LastName,
        patch.CompanyName ?? current.CompanyName,
        patch.RegistrationNumber ?? current.RegistrationNumber,
        patch.Email ?? current.Email,
        patch.Phone ?? current.Phone,
        patch.DateOfBirth ?? current.DateOfBirth,
        patch.Address is { } a
            ? new Address(a.Line1 ?? current.Address?.Line1, a.Line2 ?? current.Address?.Line2, a.City ?? current.Address?.City,
                a.State ?? current.Address?.State, a.PostalCode ?? current.Address?.PostalCode, a.Country ?? current.Address?.Country)
            : current.Address);

    private static ApplicationIssue? Name(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? new(field, "required", $"Missing required field: {field}")
        : value.Length > maxLength ? new(field, "max_length", $"{field} must be at most {maxLength} characters")
        : null;
}
