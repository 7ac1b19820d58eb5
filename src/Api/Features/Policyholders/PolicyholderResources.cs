using Insure.Grains;

namespace Insure.Api.Features.Policyholders;

/// <summary>A policyholder as integrators see it.</summary>
public sealed record PolicyholderResource(
    string Id, string Object, string Type, string Name, string? FirstName, string? LastName, string? CompanyName,
    string? RegistrationNumber, string? Email, string? Phone, DateOnly? DateOfBirth, Address? Address,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Actor CreatedBy);

public static class PolicyholderResources
{
    public static PolicyholderResource ToResource(this PolicyholderInfo info)
    {
        var d = info.Details;
        var name = d.Type == PolicyholderTypes.Company ? d.CompanyName ?? "" : $"{d.FirstName} {d.LastName}".Trim();
        return new PolicyholderResource(info.Id, "policyholder", d.Type, name, d.FirstName, d.LastName, d.CompanyName, d.RegistrationNumber,
            d.Email, d.Phone, d.DateOfBirth, d.Address, info.CreatedAt, info.UpdatedAt, info.CreatedBy);
    }
}

public sealed record AddressRequest(string? Line1, string? Line2, string? City, string? State, string? PostalCode, string? Country);

/// <summary>Create: `type` plus names for its kind. Patch: only the fields sent change.</summary>
public sealed record PolicyholderRequest(
    string? Type, string? FirstName, string? LastName, string? CompanyName, string? RegistrationNumber,
    string? Email, string? Phone, DateOnly? DateOfBirth, AddressRequest? Address);
