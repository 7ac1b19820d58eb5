namespace Insure.Grains.Submissions;

/// <summary>What news of a referral does to a submission.</summary>
internal enum SubmissionReferralEffect
{
    /// <summary>A notice already held (or older than what is held): nothing changes.</summary>
    None,
    /// <summary>The referral's standing is recorded (opened, approved, or rejected after the submission was bound).</summary>
    Record,
    /// <summary>Recorded, and the submission is declined.</summary>
    Decline,
}
