namespace Insure.Grains;

public static class SubmissionStatuses
{
    public const string Submitted = "submitted";
    public const string Quoted = "quoted";
    public const string Bound = "bound";
    /// <summary>An underwriter rejected a referral on the submission: it can no longer be quoted or bound.</summary>
    public const string Declined = "declined";
}
