namespace Insure.Grains;

public enum ApiKeyStatus
{
    Valid = 0,
    Unknown = 1,
    Revoked = 2,
    Expired = 3,
    /// <summary>The key is fine but its organization is suspended.</summary>
    OrganizationSuspended = 4,
    /// <summary>A production key of an organization whose live approval was withdrawn.</summary>
    LiveNotApproved = 5,
}
