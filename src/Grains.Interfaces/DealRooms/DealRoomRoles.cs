namespace Insure.Grains;

public static class DealRoomRoles
{
    public static readonly string[] All = ["broker", "underwriter", "insured", "observer"];
}
