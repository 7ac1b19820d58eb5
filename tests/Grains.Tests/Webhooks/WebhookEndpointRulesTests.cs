using Insure.Grains.Hosting;
using Insure.Grains.Webhooks;

namespace Insure.Grains.Tests.Webhooks;

public sealed class WebhookEndpointRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly WebhookSettings Settings = new();

    [Fact]
    public void AFailure_StartsAStreak_WhichDisablesOnceItHasLastedDisableAfter()
    {
        var state = new WebhookEndpointState { Enabled = true };
        Assert.Equal(new StreakChange(At, false), WebhookEndpointRules.Attempted(state, false, At, Settings));
        state.FailingSince = At;
        Assert.Null(WebhookEndpointRules.Attempted(state, false, At.AddDays(2), Settings));
        Assert.Equal(new StreakChange(At, true), WebhookEndpointRules.Attempted(state, false, At + Settings.DisableAfter, Settings));
    }

    [Fact]
    public void ASuccess_EndsTheStreak_AndOnlyThenIsThereAnythingToStore()
    {
        Assert.Null(WebhookEndpointRules.Attempted(new WebhookEndpointState { Enabled = true }, true, At, Settings));
        Assert.Equal(new StreakChange(null, false),
            WebhookEndpointRules.Attempted(new WebhookEndpointState { Enabled = true, FailingSince = At }, true, At.AddDays(5), Settings));
    }

    [Fact]
    public void TheSecretsInForce_AreNewestFirst_WithThePreviousOnlyDuringTheOverlap()
    {
        var state = new WebhookEndpointState { Secret = "whsec_new", PreviousSecret = "whsec_old", PreviousSecretExpiresAt = At.AddHours(24) };
        Assert.Equal(["whsec_new", "whsec_old"], WebhookEndpointRules.Secrets(state, At));
        Assert.Equal(["whsec_new"], WebhookEndpointRules.Secrets(state, At.AddHours(24)));
    }

    [Fact]
    public void AChange_MustChangeSomething_AndItsFiltersMustBeValid()
    {
        var by = Actor.System;
        Assert.Equal("required", WebhookEndpointRules.CheckChange(new WebhookEndpointChange(null, null, null, null, by))!.Details!["rule"]);
        Assert.Equal("unknown_event_type", WebhookEndpointRules.CheckChange(new WebhookEndpointChange(null, ["policy.nope"], null, null, by))!.Details!["rule"]);
        Assert.Equal("max_length", WebhookEndpointRules.CheckChange(new WebhookEndpointChange(null, null, new string('d', 501), null, by))!.Details!["rule"]);
        Assert.Null(WebhookEndpointRules.CheckChange(new WebhookEndpointChange(null, null, null, false, by)));
    }
}
