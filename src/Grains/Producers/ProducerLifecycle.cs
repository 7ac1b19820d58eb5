namespace Insure.Grains.Producers;

/// <summary>
/// The producer and appointment state machines, each in one table. A producer moves between active and suspended
/// and may be terminated from either; termination is final. An appointment is terminated and may be made active again
/// (when a license still covers it). Anything not in a table is an invalid transition; staying put is no transition.
/// </summary>
internal static class ProducerLifecycle
{
    private static readonly HashSet<(string From, string To)> ProducerMoves =
    [
        (ProducerStatuses.Active, ProducerStatuses.Suspended),
        (ProducerStatuses.Active, ProducerStatuses.Terminated),
        (ProducerStatuses.Suspended, ProducerStatuses.Active),
        (ProducerStatuses.Suspended, ProducerStatuses.Terminated),
    ];

    private static readonly HashSet<(string From, string To)> AppointmentMoves =
    [
        (AppointmentStatuses.Active, AppointmentStatuses.Terminated),
        (AppointmentStatuses.Terminated, AppointmentStatuses.Active),
    ];

    public const string Initial = ProducerStatuses.Active;

    /// <summary>Every producer status change the table allows.</summary>
    public static IEnumerable<(string From, string To)> All => ProducerMoves;

    public static bool Allows(string from, string to) => from == to || ProducerMoves.Contains((from, to));

    public static bool AllowsAppointment(string from, string to) => from == to || AppointmentMoves.Contains((from, to));

    /// <summary>The producer's status after a move the table allows; any other is a bug in the deciding rule.</summary>
    public static string Move(string from, string to) =>
        Allows(from, to) ? to : throw new InvalidOperationException($"The producer lifecycle does not allow {from} -> {to}.");

    /// <summary>The appointment's status after a move the table allows; any other is a bug in the deciding rule.</summary>
    public static string MoveAppointment(string from, string to) =>
        AllowsAppointment(from, to) ? to : throw new InvalidOperationException($"The appointment lifecycle does not allow {from} -> {to}.");
}
