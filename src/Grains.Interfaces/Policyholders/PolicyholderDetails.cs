namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.policyholder-details")]
public sealed record PolicyholderDetails(
    [property: Id(0)] string Type,
    [property: Id(1)] string? FirstName,
    [property: Id(2)] string? LastName,
    [property: Id(3)] string? CompanyName,
    [property: Id(4)] string? RegistrationNumber,
    [property: Id(5)] string? Email,
    [property: Id(6)] string? Phone,
    [property: Id(7)] DateOnly? DateOfBirth,
    [property: Id(8)] Address? Address);
