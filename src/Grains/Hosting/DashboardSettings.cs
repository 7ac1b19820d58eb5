namespace Insure.Grains.Hosting;

/// <summary>
/// `Insure:Dashboard`: the Orleans Dashboard (grains, silos, calls, reminders) at the Api's `/dashboard`, behind the admin
/// secret. Off unless enabled; in a cluster, enable it on every silo and on the Api nodes that serve it (the silos
/// collect what it shows).
/// </summary>
public sealed class DashboardSettings
{
    public bool Enabled { get; set; }
}
