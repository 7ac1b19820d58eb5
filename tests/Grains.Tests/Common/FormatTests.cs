namespace Insure.Grains.Tests.Common;

public sealed class FormatTests
{
    [Fact]
    public void Ids_ArePrefixedSortableAndValid()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Ids.New("pol")).ToList();
        Assert.All(ids, id => Assert.True(Ids.IsValid("pol", id), id));
        Assert.Equal(ids, ids.OrderBy(i => i, StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.False(Ids.IsValid("pol", "clm_" + ids[0][4..]));
        Assert.False(Ids.IsValid("pol", ids[0] + "X"));
        Assert.False(Ids.IsValid("pol", ids[0][..^1] + "U"));
    }

    [Fact]
    public void ApiKeyFormat_RoundTripsTenantAndKey_AndRejectsLookalikes()
    {
        var tenant = new Tenant(Ids.New("org"), Tenant.Production);
        var keyId = Ids.New("key");
        var signingKey = System.Text.Encoding.UTF8.GetBytes("format-tests-signing-secret-0123456789");
        var key = ApiKeyFormat.Compose(tenant, keyId, ApiKeyFormat.NewSecret(), signingKey);
        Assert.StartsWith("sk_live_", key);
        Assert.Equal(ApiKeyFormat.Length, key.Length);
        Assert.True(ApiKeyFormat.TryParse(key, out var parsed, out var parsedId));
        Assert.Equal(tenant, parsed);
        Assert.Equal(keyId, parsedId);
        Assert.True(ApiKeyFormat.HasValidTag(key, signingKey));

        // The tag covers every character before it, and only this server's secret gives it.
        var otherSecret = key[..^30] + (key[^30] == 'A' ? 'B' : 'A') + key[^29..];
        Assert.True(ApiKeyFormat.TryParse(otherSecret, out _, out _));
        Assert.False(ApiKeyFormat.HasValidTag(otherSecret, signingKey));
        Assert.False(ApiKeyFormat.HasValidTag(key, System.Text.Encoding.UTF8.GetBytes("another-servers-signing-secret-012345")));
        Assert.False(ApiKeyFormat.TryParse(key[..^1] + "G", out _, out _));
        Assert.False(ApiKeyFormat.TryParse(key[..^1] + "A", out _, out _));

        Assert.False(ApiKeyFormat.TryParse("sk_prod_" + key[8..], out _, out _));
        Assert.False(ApiKeyFormat.TryParse(key[..^1], out _, out _));
        Assert.False(ApiKeyFormat.TryParse(key.Replace('_', '-'), out _, out _));
        Assert.False(ApiKeyFormat.TryParse(null, out _, out _));
    }

    [Fact]
    public void TenantKeys_SplitBackIntoTenantAndEntity()
    {
        var tenant = new Tenant("org_1", Tenant.Sandbox);
        var (parsed, entity) = Tenant.ParseKey(tenant.KeyFor("key_9/extra"));
        Assert.Equal(tenant, parsed);
        Assert.Equal("key_9/extra", entity);
        Assert.Throws<ArgumentException>(() => Tenant.ParseKey("org_1/sandbox"));
    }
}
