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
