using System.Text.Json;
using System.Text.Json.Serialization;

namespace Insure.Grains.Products;

/// <summary>The rating plans, read once at start-up from the JSON files embedded with the grains.</summary>
public sealed class ProductCatalog
{
    private readonly Dictionary<string, RatingPlan> _live;
    private readonly Dictionary<(string Code, string Version), RatingPlan> _versions;

    /// <summary>Several versions of a product may be loaded; the live one is the latest by effective date.</summary>
    public ProductCatalog(IEnumerable<RatingPlan> plans)
    {
        var all = plans.ToList();
        foreach (var plan in all)
        {
            Check(plan);
        }
        _versions = all.ToDictionary(p => (p.Code.ToUpperInvariant(), p.Version));
        _live = all.GroupBy(p => p.Code, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.EffectiveFrom).ThenBy(p => p.Version, StringComparer.Ordinal).Last(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The live plan of every product.</summary>
    public IReadOnlyList<RatingPlan> All => [.. _live.Values.OrderBy(p => p.Code, StringComparer.Ordinal)];

    /// <summary>The live plan of a product.</summary>
    public RatingPlan? Find(string? code) => code is not null && _live.TryGetValue(code, out var plan) ? plan : null;

    /// <summary>A specific plan version, falling back to the live plan when that version is no longer loaded.</summary>
    public RatingPlan? Find(string code, string version) =>
        _versions.TryGetValue((code.ToUpperInvariant(), version), out var plan) ? plan : Find(code);

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>The plans shipped in this build (Products/Plans/*.json).</summary>
    public static ProductCatalog LoadEmbedded()
    {
        var assembly = typeof(ProductCatalog).Assembly;
        var plans = assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Products.Plans.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return JsonSerializer.Deserialize<RatingPlan>(stream, JsonOptions)
                    ?? throw new InvalidOperationException($"Empty rating plan {n}");
            });
        return new ProductCatalog(plans);
    }

    /// <summary>Fails start-up on a plan that refers to a table or input it does not define.</summary>
    private static void Check(RatingPlan plan)
    {
        void Require(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException($"Rating plan {plan.Code} {plan.Version}: {what}");
            }
        }
        foreach (var (name, input) in plan.Inputs)
        {
            Require(input.Table is null || plan.Tables.ContainsKey(input.Table), $"input {name} names unknown table {input.Table}");
            Require(input.Type is "string" or "number" or "integer" or "boolean", $"input {name} has unknown type {input.Type}");
        }
        foreach (var fee in plan.Fees.Concat(plan.StateFees.Values.SelectMany(f => f)))
        {
            Require(fee.Amount is null != fee.Rate is null, $"fee {fee.Code} needs exactly one of amount and rate");
        }
        foreach (var step in plan.Steps)
        {
            Require(step.Input is null || plan.Inputs.ContainsKey(step.Input), $"step {step.Name} reads unknown input {step.Input}");
            Require(step.Table is null || plan.Tables.ContainsKey(step.Table), $"step {step.Name} names unknown table {step.Table}");
            Require(step.RateTable is null || plan.Tables.ContainsKey(step.RateTable), $"step {step.Name} names unknown table {step.RateTable}");
            Require(step.Kind is not ("factor_band" or "loss_history") || step.Bands.Count > 0 && step.Bands[^1].UpTo is null,
                $"step {step.Name} needs bands ending in an unbounded one");
            Require(step.Kind is not "rate_per_unit" || step.Rate is not null || step.RateTable is not null && step.RateKey is not null,
                $"step {step.Name} needs a rate or a rate table and key");
        }
        // Triage matches these against naicsCode, which must be a key of its table to pass validation: a class
        // missing from that table could never be declined or referred, only rejected as not in the plan.
        var classes = plan.Inputs.GetValueOrDefault("naicsCode")?.Table is { } classTable ? plan.Tables.GetValueOrDefault(classTable) : null;
        foreach (var naics in plan.Underwriting.DeclinedClasses.Concat(plan.Underwriting.ReferralClasses))
        {
            Require(classes?.ContainsKey(naics) == true, $"underwriting class {naics} is not in the naicsCode table");
        }
    }
}
