namespace Insure.Grains.Products;

/// <summary>The live rating plans this build ships. A stateless worker: every silo answers from its own copy.</summary>
[Alias("insure.IProductCatalogGrain")]
public interface IProductCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The live plan of every product, ordered by code.</summary>
    [ReadOnly, Alias("List")]
    Task<RatingPlan[]> List();

    /// <summary>The live plan of a product, or null when there is no such product.</summary>
    [ReadOnly, Alias("Get")]
    Task<RatingPlan?> Get(string code);
}
