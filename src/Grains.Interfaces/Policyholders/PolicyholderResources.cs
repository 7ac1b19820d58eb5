namespace Insure.Grains;

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
