using Insure.Grains.Hosting;

namespace Insure.Grains.Webhooks;

/// <summary>The decisions about a subscription other than its url, whose check needs the network (see <see cref="WebhookUrlGuard"/>).</summary>
internal static class WebhookEndpointRules
{
    public const int MaxDescription = 500;

    /// <summary>Everything but the url, which <see cref="WebhookUrlGuard"/> checks.</summary>
    public static RuleViolation? CheckNew(NewWebhookEndpoint request) =>
        WebhookEventFilters.Check(request.Events)
        ?? TextRules.AtMost(request.Description, "description", MaxDescription);

    public static RuleViolation? CheckChange(WebhookEndpointChange change)
    {
        if (change.Url is null && change.Events is null && change.Description is null && change.Enabled is null)
        {
            return RuleViolation.Invalid("body", "required", "Nothing to change: give url, events, description or enabled");
        }
        return (change.Events is not null ? WebhookEventFilters.Check(change.Events) : null)
            ?? TextRules.AtMost(change.Description, "description", MaxDescription);
    }

    /// <summary>
    /// After an attempt: a success ends the failure streak; a failure starts one or, once it has lasted
    /// <see cref="WebhookSettings.DisableAfter"/>, disables the subscription. Null: nothing to store.
    /// </summary>
    public static StreakChange? Attempted(WebhookEndpointState state, bool delivered, DateTimeOffset at, WebhookSettings settings)
    {
        if (delivered)
        {
            return state.FailingSince is null ? null : new StreakChange(null, false);
        }
        var since = state.FailingSince ?? at;
        var disable = state.Enabled && at - since >= settings.DisableAfter;
        return state.FailingSince is null || disable ? new StreakChange(since, disable) : null;
    }

    /// <summary>The secrets that sign now, newest first: the previous one only until its overlap ends.</summary>
    public static string[] Secrets(WebhookEndpointState state, DateTimeOffset now) =>
        state.PreviousSecret is { } previous && state.PreviousSecretExpiresAt > now ? [state.Secret, previous] : [state.Secret];
}

/// <summary>The failure streak to store, and whether it disables the subscription now.</summary>
internal sealed record StreakChange(DateTimeOffset? FailingSince, bool Disable);
