using Insure.Grains.Products;

namespace Insure.Api.Features.Products;

/// <summary>A product and its live rating plan: inputs an application needs, rate tables, steps, taxes and fees.</summary>
public sealed record ProductDto(
    string Code, string Object, string Name, string Description, string Version, DateOnly EffectiveFrom, string Currency,
    int TermMonths, Dictionary<string, InputSpec> Inputs, Dictionary<string, Dictionary<string, decimal>> Tables,
    List<StepSpec> Steps, Dictionary<string, decimal> TaxRates, List<FeeSpec> Fees, Dictionary<string, List<FeeSpec>> StateFees,
    UnderwritingSpec Underwriting);
