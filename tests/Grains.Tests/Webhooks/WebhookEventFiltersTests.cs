using System.Text.RegularExpressions;

namespace Insure.Grains.Tests.Webhooks;

public sealed partial class WebhookEventFiltersTests
{
    [Theory]
    [InlineData("*", "claim.filed", true)]
    [InlineData("policy.*", "policy.bound", true)]
    [InlineData("policy.*", "policyholder.created", false)]
    [InlineData("policy.bound", "policy.bound", true)]
    [InlineData("policy.bound", "policy.bound_extra", false)]
    [InlineData("claim.*", "policy.bound", false)]
    public void Filters_MatchExactTypes_ResourceWildcards_AndEverything(string filter, string type, bool matches) =>
        Assert.Equal(matches, WebhookEventFilters.Matches([filter], type));

    [Theory]
    [InlineData("policy.bund")]
    [InlineData("policy")]
    [InlineData("*.bound")]
    [InlineData("nothing.*")]
    [InlineData(".*")]
    [InlineData("")]
    public void AFilterThatMatchesNothingEmitted_IsRefused(string filter) =>
        Assert.Equal("unknown_event_type", WebhookEventFilters.Check([filter])!.Details!["rule"]);

    [Fact]
    public void EveryEventTypeTheGrainsEmit_IsListed_AndEveryListedTypeIsEmitted()
    {
        var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Grains"));
        var emitted = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => EventTypeLiteral().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.Contains("policy.bound", emitted);
        Assert.Empty(emitted.Except(EventTypes.All.Keys));
        Assert.Empty(EventTypes.All.Keys.Except(emitted));
    }

    [GeneratedRegex("\"((?:policy|policyholder|submission|claim|invoice|payment|api_key|webhook|deal_room|referral|producer|appointment)\\.[a-z_]+)\"")]
    private static partial Regex EventTypeLiteral();
}
