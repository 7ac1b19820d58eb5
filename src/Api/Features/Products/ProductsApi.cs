using Insure.Api.Infrastructure;
using Insure.Grains.Products;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Products;

/// <summary>`/v1/products`: the rating plans loaded at start-up.</summary>
public static class ProductsApi
{
    public static RouteGroupBuilder MapProducts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/products")
            .WithTags("Products")
            .RequireScope("products:read")
            .WithErrorResponses(400, 401, 403, 404, 429);
        group.MapGet("/", List).WithPaging()
            .WithName("ListProducts")
            .WithSummary("List products with their live rating plans");
        group.MapGet("/{code}", Get)
            .WithName("GetProduct")
            .WithSummary("Retrieve a product's live rating plan (`GL`, `dinosure`, ...)");
        return group;
    }

    private static async Task<ListPage<ProductDto>> List(HttpRequest request, IGrainFactory grains)
    {
        var paging = PageRequest.From(request);
        return ListPages.Of((await Catalog(grains).List()).Select(ToDto).ToList(), paging);
    }

    private static async Task<Results<Ok<ProductDto>, NotFound<ApiError>>> Get(string code, HttpContext context, IGrainFactory grains) =>
        await Catalog(grains).Get(code) is { } plan
            ? TypedResults.Ok(ToDto(plan))
            : TypedResults.NotFound(ErrorResponses.NotFound(context, "Product"));

    private static IProductCatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<IProductCatalogGrain>(0);

    private static ProductDto ToDto(RatingPlan plan) => new(
        plan.Code, "product", plan.Name, plan.Description, plan.Version, plan.EffectiveFrom, plan.Currency, plan.TermMonths,
        plan.Inputs, plan.Tables, plan.Steps, plan.TaxRates, plan.Fees, plan.StateFees, plan.Underwriting);
}
