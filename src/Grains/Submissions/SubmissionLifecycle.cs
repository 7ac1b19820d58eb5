namespace Insure.Grains.Submissions;

/// <summary>The submission state machine in one table; anything not in it is an invalid transition.</summary>
internal static class SubmissionLifecycle
{
    private static readonly Dictionary<(string From, SubmissionAction Action), string> Transitions = new()
    {
        [(SubmissionStatuses.Submitted, SubmissionAction.Quote)] = SubmissionStatuses.Quoted,
        [(SubmissionStatuses.Quoted, SubmissionAction.Quote)] = SubmissionStatuses.Quoted,
        [(SubmissionStatuses.Quoted, SubmissionAction.Bind)] = SubmissionStatuses.Bound,
        [(SubmissionStatuses.Submitted, SubmissionAction.Decline)] = SubmissionStatuses.Declined,
        [(SubmissionStatuses.Quoted, SubmissionAction.Decline)] = SubmissionStatuses.Declined,
    };

    public const string Initial = SubmissionStatuses.Submitted;

    /// <summary>Every (status, action) pair the table allows.</summary>
    public static IEnumerable<(string From, SubmissionAction Action, string To)> All => Transitions.Select(t => (t.Key.From, t.Key.Action, t.Value));

    /// <summary>The status after <paramref name="action"/>, or null when it is not allowed from <paramref name="from"/>.</summary>
    public static string? Next(string from, SubmissionAction action) => Transitions.GetValueOrDefault((from, action));

    public static string Target(SubmissionAction action) => action switch
    {
        SubmissionAction.Quote => SubmissionStatuses.Quoted,
        SubmissionAction.Bind => SubmissionStatuses.Bound,
        _ => SubmissionStatuses.Declined,
    };
}
