namespace Insure.Grains;

/// <summary>Allocates policy numbers for one (organization, environment, product prefix, year): never reused, never duplicated.</summary>
[Alias("insure.IPolicyNumberSequenceGrain")]
public interface IPolicyNumberSequenceGrain : IGrainWithStringKey
{
    [Alias("Next")]
    Task<long> Next();
}
