namespace Insure.Grains;

/// <summary>An appointment is active from its effective date until terminated.</summary>
public static class AppointmentStatuses
{
    public const string Active = "active";
    public const string Terminated = "terminated";

    public static readonly string[] All = [Active, Terminated];
}
