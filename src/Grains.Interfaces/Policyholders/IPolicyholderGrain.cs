namespace Insure.Grains;

/// <summary>A person or company that holds policies. Keyed `{orgId}/{environment}/{policyholderId}`.</summary>
[Alias("insure.IPolicyholderGrain")]
public interface IPolicyholderGrain : IGrainWithStringKey
{
    /// <summary>Checks the details and creates the policyholder, or says which field breaks which rule.</summary>
    [Alias("Create")]
    Task<Outcome<PolicyholderInfo>> Create(PolicyholderDetails details, Actor createdBy);

    [ReadOnly, Alias("Get")]
    Task<PolicyholderInfo?> Get();

    /// <summary>Applies the fields a PATCH sent onto the current details and checks the result, in one turn.</summary>
    [Alias("Update")]
    Task<Outcome<PolicyholderInfo>> Update(PolicyholderDetails patch, Actor by);
}

public static class PolicyholderTypes
{
    public const string Individual = "individual";
    public const string Company = "company";
}

[GenerateSerializer, Immutable, Alias("insure.address")]
public sealed record Address(
    [property: Id(0)] string? Line1,
    [property: Id(1)] string? Line2,
    [property: Id(2)] string? City,
    [property: Id(3)] string? State,
    [property: Id(4)] string? PostalCode,
    [property: Id(5)] string? Country);

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

[GenerateSerializer, Immutable, Alias("insure.policyholder-info")]
public sealed record PolicyholderInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] PolicyholderDetails Details,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] Actor CreatedBy);

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
