namespace Insure.Grains;

/// <summary>A policyholder as integrators see it.</summary>
public sealed record PolicyholderResource(
    string Id, string Object, string Type, string Name, string? FirstName, string? LastName, string? CompanyName,
    string? RegistrationNumber, string? Email, string? Phone, DateOnly? DateOfBirth, Address? Address,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Actor CreatedBy);
