namespace Insure.Grains;

public static class OrganizationStatuses
{
    public const string Active = "active";
    /// <summary>Every key of a suspended organization fails authentication until it is active again.</summary>
    public const string Suspended = "suspended";
    public static bool IsValid(string? status) => status is Active or Suspended;
}
