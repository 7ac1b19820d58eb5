namespace Insure.Grains;

/// <summary>Only an active producer places business; a suspended one may be reactivated, a terminated one may not.</summary>
public static class ProducerStatuses
{
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Terminated = "terminated";

    public static readonly string[] All = [Active, Suspended, Terminated];
}
