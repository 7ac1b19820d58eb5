namespace Insure.Grains.Products;

/// <summary>Answers from the catalog loaded at start-up; no state, so any silo serves it locally.</summary>
[StatelessWorker]
internal sealed class ProductCatalogGrain(ProductCatalog catalog) : Grain, IProductCatalogGrain
{
    public Task<RatingPlan[]> List() => Task.FromResult(catalog.All.ToArray());

    public Task<RatingPlan?> Get(string code) => Task.FromResult(catalog.Find(code));
}
