namespace Insure.Grains;

/// <summary>
/// The clock a tenant's rules read. In a running platform every organization shares one clock; tests give each
/// organization its own, so a test that moves time moves it for its own tenant only.
/// </summary>
public class TenantClocks(TimeProvider clock)
{
    public virtual TimeProvider For(string orgId) => clock;
}
