namespace Insure.Grains;

public enum ApiKeyReservationOutcome
{
    Reserved = 0,
    NoOrganization = 1,
    NotLiveApproved = 2,
    LimitReached = 3,
}
