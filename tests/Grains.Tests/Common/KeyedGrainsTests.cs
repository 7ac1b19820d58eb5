namespace Insure.Grains.Tests.Common;

[Collection(ClusterCollection.Name)]
public sealed class KeyedGrainsTests(ClusterFixture fixture)
{
    [Fact]
    public void AKeyedReference_IsTheOneGetGrainMakes_ForEveryInterfaceAndKey()
    {
        var tenant = new Tenant(Ids.New("org"), Tenant.Sandbox);
        foreach (var key in new[] { tenant.KeyFor(Ids.New("pol")), tenant.KeyFor(Ids.New("pol")), "with/slash and ünïcode" })
        {
            // Whichever call resolved an interface's types first (here or elsewhere in the process), the later ones reuse them.
            for (var call = 0; call < 2; call++)
            {
                Same(fixture.Grains.GetGrain<IPolicyGrain>(key), fixture.Grains.Keyed<IPolicyGrain>(key));
                Same(fixture.Grains.GetGrain<IInvoiceGrain>(key), fixture.Grains.Keyed<IInvoiceGrain>(key));
                Same(fixture.Grains.GetGrain<IIdempotencyGrain>(key), fixture.Grains.Keyed<IIdempotencyGrain>(key));
            }
        }
    }

    [Fact]
    public async Task AKeyedReference_CallsTheGrainItNames()
    {
        var key = $"{new Tenant(Ids.New("org"), Tenant.Sandbox).KeyFor(Ids.New("key"))}/keyed";
        var start = await fixture.Grains.Keyed<IIdempotencyGrain>(key).Begin("f1", "req_01KAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(IdempotencyOutcome.Proceed, start.Outcome);
        // The same grain, reached the ordinary way, holds the marker the keyed call left.
        Assert.Equal(IdempotencyOutcome.InFlight, (await fixture.Grains.GetGrain<IIdempotencyGrain>(key).Begin("f1", "req_01KAAAAAAAAAAAAAAAAAAAAAAA")).Outcome);
    }

    private static void Same<TGrain>(TGrain expected, TGrain actual) where TGrain : IAddressable
    {
        var a = (GrainReference)(object)expected;
        var b = (GrainReference)(object)actual;
        Assert.Equal(a.GrainId, b.GrainId);
        Assert.Equal(a.InterfaceType, b.InterfaceType);
        Assert.Equal(expected.GetType(), actual.GetType());
    }
}
