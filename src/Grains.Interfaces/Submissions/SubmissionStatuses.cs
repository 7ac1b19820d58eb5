namespace Insure.Grains;

public static class SubmissionStatuses
{
    public const string Submitted = "submitted";
    public const string Quoted = "quoted";
    public const string Bound = "bound";
}
