namespace Insure.Grains;

/// <summary>
/// A grain's one reminder aimed at the next moment something falls due: registered (or moved) to fire then, at least a
/// minute from now (Orleans' shortest), and again every <c>period</c> until re-aimed; removed when nothing is due.
/// </summary>
internal static class DueReminders
{
    private static readonly TimeSpan Soonest = TimeSpan.FromMinutes(1);

    public static async Task AimAt(this Grain grain, string name, DateTimeOffset? due, DateTimeOffset now, TimeSpan period)
    {
        if (due is { } at)
        {
            var wait = at - now;
            await grain.RegisterOrUpdateReminder(name, wait < Soonest ? Soonest : wait, period);
        }
        else if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
