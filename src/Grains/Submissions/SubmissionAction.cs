namespace Insure.Grains.Submissions;

/// <summary>What can happen to a submission.</summary>
internal enum SubmissionAction
{
    Quote,
    Bind,
    /// <summary>An underwriter rejected a referral on the submission.</summary>
    Decline,
}
