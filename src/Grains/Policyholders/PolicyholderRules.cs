using System.Net.Mail;
namespace Insure.Grains.Policyholders;

/// <summary>What a policyholder's details must satisfy, whether created or patched: a pure function.</summary>
internal static class PolicyholderRules
{
    /// <summary>Dates of birth before this are taken for typing errors.</summary>
    public static readonly DateOnly EarliestBirth = new(1900, 1, 1);

    /// <summary>The agency a policyholder created by <paramref name="createdBy"/> belongs to: an agency access token's; none for a key's.</summary>
    public static string? AgencyOf(Actor createdBy) => createdBy.Type == Actor.AgencyTokenType ? createdBy.OwnerId : null;

    /// <summary>
    /// Whether <paramref name="actor"/> may see (and so name) the policyholder: an API key sees every one of its tenant,
    /// an agency access token only those its agency created.
    /// </summary>
    public static bool SeenBy(PolicyholderInfo policyholder, Actor actor) => AgencyOf(actor) is not { } agency || policyholder.AgencyId == agency;

    /// <summary>The first rule the details break (naming the field), or null when they are valid.</summary>
    public static RuleViolation? Check(PolicyholderDetails details, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(details.Type))
        {
            return RuleViolation.Invalid("type", "required", "Missing required field: type");
        }
        if (details.Type is not (PolicyholderTypes.Individual or PolicyholderTypes.Company))
        {
            return RuleViolation.Invalid("type", "enum", "type must be \"individual\" or \"company\"");
        }
        if (details.Type == PolicyholderTypes.Individual)
        {
            if ((TextRules.Required(details.FirstName, "firstName", 100) ?? TextRules.Required(details.LastName, "lastName", 100)) is { } missing)
            {
                return missing;
            }
            if (details.CompanyName is not null || details.RegistrationNumber is not null)
            {
                return RuleViolation.Invalid(details.CompanyName is not null ? "companyName" : "registrationNumber", "not_applicable",
                    "companyName and registrationNumber are for company policyholders");
            }
            if (details.DateOfBirth is { } born && (born > today || born < EarliestBirth))
            {
                return RuleViolation.Invalid("dateOfBirth", "range", $"dateOfBirth must be between {EarliestBirth:yyyy-MM-dd} and today");
            }
        }
        else
        {
            if (TextRules.Required(details.CompanyName, "companyName", 200) is { } missing)
            {
                return missing;
            }
            if (details.FirstName is not null || details.LastName is not null || details.DateOfBirth is not null)
            {
                return RuleViolation.Invalid(details.FirstName is not null ? "firstName" : details.LastName is not null ? "lastName" : "dateOfBirth",
                    "not_applicable", "firstName, lastName and dateOfBirth are for individual policyholders");
            }
        }
        if (details.Email is { } email && (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || email.Length > 254))
        {
            return RuleViolation.Invalid("email", "format", "email must be an email address such as jane@example.com");
        }
        if (details.Phone is { } phone && (phone.Length is < 5 or > 20 || !phone.All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')')))
        {
            return RuleViolation.Invalid("phone", "format", "phone must be 5 to 20 digits, spaces, + - ( )");
        }
        if ((TextRules.AtMost(details.RegistrationNumber, "registrationNumber", 100) ?? TextRules.AtMost(details.Address?.Line1, "address.line1", 200)
            ?? TextRules.AtMost(details.Address?.Line2, "address.line2", 200) ?? TextRules.AtMost(details.Address?.City, "address.city", 100)
            ?? TextRules.AtMost(details.Address?.State, "address.state", 100) ?? TextRules.AtMost(details.Address?.PostalCode, "address.postalCode", 20)) is { } tooLong)
        {
            return tooLong;
        }
        if (details.Address?.Country is { } country && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
        {
            return RuleViolation.Invalid("address.country", "format", "address.country must be an ISO 3166-1 alpha-2 code such as US");
        }
        return null;
    }

    /// <summary>A PATCH: the sent fields laid over the current details, then checked as a whole. The type cannot change.</summary>
    public static Decision<PolicyholderDetails> Update(PolicyholderDetails current, PolicyholderDetails patch, DateOnly today)
    {
        if (patch.Type.Length > 0 && patch.Type != current.Type)
        {
            return RuleViolation.Invalid("type", "immutable", "A policyholder's type cannot change");
        }
        var details = Merge(current, patch);
        return Check(details, today) is { } violation ? violation : details;
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
}
