namespace Insure.Api.Tests.Infrastructure;

/// <summary>Reminder ticks delivered the way the reminder service delivers them, after a test has moved the clock.</summary>
public static class Reminders
{
    /// <summary>A policy's lifecycle reminder fires (Orleans' own timing is real time, so tests tick it themselves).</summary>
    public static Task Fire(IAddressable grain, string name = "lifecycle") =>
        grain.AsReference<IRemindable>().ReceiveReminder(name, new TickStatus(DateTime.UtcNow, TimeSpan.FromDays(1), DateTime.UtcNow));
}
