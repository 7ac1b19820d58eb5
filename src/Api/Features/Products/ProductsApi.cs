using Insure.Api.Infrastructure;
using Insure.Grains.Products;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Products;

/// <summary>A product and its live rating plan: inputs an application needs, rate tables, steps, taxes and fees.</summary>
public sealed record ProductDto(
    string Code, string Object, string Name, string Description, string Version, DateOnly EffectiveFrom, string Currency,
    int TermMonths, Dictionary<string, InputSpec> Inputs, Dictionary<string, Dictionary<string, decimal>> Tables,
    List<StepSpec> Steps, Dictionary<string, decimal> TaxRates, List<FeeSpec> Fees, Dictionary<string, List<FeeSpec>> StateFees,
    UnderwritingSpec Underwriting);

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

    private static ListPage<ProductDto> List(HttpRequest request, ProductCatalog catalog)
    {
        return ListPages.Of(catalog.All.Select(ToDto).ToList(), PageRequest.From(request));
    }

    private static Results<Ok<ProductDto>, NotFound<ApiError>> Get(string code, HttpContext context, ProductCatalog catalog) =>
        catalog.Find(code) is { } plan
            ? TypedResults.Ok(ToDto(plan))
            : TypedResults.NotFound(ErrorResponses.NotFound(context, "Product"));

    private static ProductDto ToDto(RatingPlan plan) => new(
        plan.Code, "product", plan.Name, plan.Description, plan.Version, plan.EffectiveFrom, plan.Currency, plan.TermMonths,
        plan.Inputs, plan.Tables, plan.Steps, plan.TaxRates, plan.Fees, plan.StateFees, plan.Underwriting);
}
