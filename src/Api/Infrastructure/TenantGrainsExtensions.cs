using Insure.Grains;

namespace Insure.Api.Infrastructure;

public static class TenantGrainsExtensions
{
    /// <summary>The grains of the caller's tenant: an id from another tenant, or a malformed one, resolves to nothing.</summary>
    public static TenantGrains TenantGrains(this HttpContext context, IGrainFactory grains) => new(grains, context.Caller().Tenant);

    /// <summary>The clock of the caller's tenant, the one its grains read.</summary>
    public static TimeProvider TenantClock(this HttpContext context) =>
        context.RequestServices.GetRequiredService<TenantClocks>().For(context.Caller().Tenant.OrgId);
}
