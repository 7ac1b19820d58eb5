namespace Insure.Grains.Tests.ApiKeys;

[Collection(ClusterCollection.Name)]
public sealed class ApiKeyGrainTests(ClusterFixture fixture)
{
    private static Tenant NewTenant() => new(Ids.New("org"), Tenant.Sandbox);

    private static readonly byte[] SigningKey = System.Text.Encoding.UTF8.GetBytes("grain-tests-signing-secret-0123456789");

    /// <summary>A key as the Api creates one: composed and tagged outside the grain, which stores only the hash.</summary>
    private async Task<string> CreateKey(Tenant tenant, string keyId, string[] scopes, DateTimeOffset? expiresAt = null)
    {
        var key = ApiKeyFormat.Compose(tenant, keyId, ApiKeyFormat.NewSecret(), SigningKey);
        await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(keyId))
            .Create(new NewApiKey("k", scopes, expiresAt, Actor.Platform, ApiKeyFormat.Hash(key), key[^4..]));
        return key;
    }

    private async Task<Tenant> NewOrganization(string environment = Tenant.Sandbox)
    {
        var tenant = NewTenant() with { Environment = environment };
        await fixture.Grains.GetGrain<IOrganizationGrain>(tenant.OrgId).Create("Acme", Actor.Platform);
        return tenant;
    }

    [Fact]
    public async Task ApiKey_AuthenticatesOnlyItsOwnSecret()
    {
        var tenant = await NewOrganization();
        var keyId = Ids.New("key");
        var secret = await CreateKey(tenant, keyId, ["events:read"]);
        var grain = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(keyId));

        Assert.True(ApiKeyFormat.TryParse(secret, out var parsedTenant, out var parsedId));
        Assert.Equal(tenant, parsedTenant);
        Assert.Equal(keyId, parsedId);
        Assert.True(ApiKeyFormat.HasValidTag(secret, SigningKey));
        var info = await grain.Get();
        Assert.Equal(secret[^4..], info!.Last4);
        var valid = await grain.Authenticate(ApiKeyFormat.Hash(secret));
        Assert.Equal(ApiKeyStatus.Valid, valid.Status);
        Assert.Equal(["events:read"], valid.Scopes);
        Assert.Equal(ApiKeyStatus.Unknown, (await grain.Authenticate(ApiKeyFormat.Hash(secret + "x"))).Status);
        var unknown = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(Ids.New("key")));
        Assert.Equal(ApiKeyStatus.Unknown, (await unknown.Authenticate(ApiKeyFormat.Hash(secret))).Status);
    }

    [Fact]
    public async Task ApiKey_RevocationAndExpiry_TakeEffectImmediately()
    {
        var tenant = await NewOrganization();
        var expiringId = Ids.New("key");
        var expiringKey = await CreateKey(tenant, expiringId, ["*"], ClusterFixture.Clock.GetUtcNow().AddMinutes(5));
        var revokedId = Ids.New("key");
        var revokedKey = await CreateKey(tenant, revokedId, ["*"]);
        var expiring = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(expiringId));
        var revoked = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(revokedId));

        await revoked.Revoke(Actor.Platform, revokerScopes: null);
        Assert.Equal(ApiKeyStatus.Revoked, (await revoked.Authenticate(ApiKeyFormat.Hash(revokedKey))).Status);

        Assert.Equal(ApiKeyStatus.Valid, (await expiring.Authenticate(ApiKeyFormat.Hash(expiringKey))).Status);
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ApiKeyStatus.Expired, (await expiring.Authenticate(ApiKeyFormat.Hash(expiringKey))).Status);
    }

    [Fact]
    public async Task ApiKey_RevocationCascadesToTheKeysItCreated()
    {
        var tenant = await NewOrganization();
        var (parent, child, grandchild) = (Ids.New("key"), Ids.New("key"), Ids.New("key"));
        await CreateKey(tenant, parent, ["*"]);
        Assert.True(await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(parent)).AddChild(child));
        var childKey = await CreateKey(tenant, child, ["*"]);
        Assert.True(await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(child)).AddChild(grandchild));
        var grandchildKey = await CreateKey(tenant, grandchild, ["*"]);

        await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(parent)).Revoke(Actor.Platform, revokerScopes: null);

        Assert.Equal(ApiKeyStatus.Revoked, (await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(child)).Authenticate(ApiKeyFormat.Hash(childKey))).Status);
        Assert.Equal(ApiKeyStatus.Revoked, (await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(grandchild)).Authenticate(ApiKeyFormat.Hash(grandchildKey))).Status);
        Assert.False(await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(parent)).AddChild(Ids.New("key")));
    }
}
