using System.Net;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>
/// Rotating the platform's agency-token signing key, on an Api of its own (the rotation changes what every tenant's
/// tokens are signed with, which no other test should see) whose tokens live two days (`Insure:AgencyTokens:Lifetime`).
/// </summary>
public sealed class AgencyTokenKeysTests(AgencyTokenKeysTests.TwoDayTokens app) : IClassFixture<AgencyTokenKeysTests.TwoDayTokens>
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(2);

    public sealed class TwoDayTokens() : InsureApplication(new Dictionary<string, string?> { ["Insure:AgencyTokens:Lifetime"] = "2.00:00:00" });

    [Theory]
    [InlineData("0")]
    [InlineData("00:00:30")]
    [InlineData("91.00:00:00")]
    public async Task ALifetimeOutOfRange_RefusesToStart(string lifetime)
    {
        await using var api = ServiceProcess.Start("Api", "api", new Dictionary<string, string>
        {
            ["Insure__AgencyTokens__Lifetime"] = lifetime,
            ["Insure__Orleans__SiloPort"] = PostgresServer.FreePort().ToString(),
            ["Insure__Orleans__GatewayPort"] = PostgresServer.FreePort().ToString(),
        }, $"--urls http://127.0.0.1:{PostgresServer.FreePort()}");

        Assert.Equal(1, await api.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("Insure cannot start: Insure:AgencyTokens:Lifetime (env Insure__AgencyTokens__Lifetime) must be from 00:01:00 to 90.00:00:00", api.Output);
        Assert.DoesNotContain("   at ", api.Output);
    }

    [Fact]
    public async Task Rotation_SignsNewTokensWithTheNewKey_AndTheOldKeyVerifiesItsTokensUntilTheyExpire()
    {
        using var org = await Distribution.Start(app);
        var agency = await org.Agency("Rotating Agency", "RO-1");
        var (_, key, _) = await org.Integration([agency]);
        var before = await org.Token(key, new { partnerAgencyId = "RO-1" });
        var claims = Distribution.Part(before, 1);
        Assert.Equal((long)Lifetime.TotalSeconds, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        var oldKid = Distribution.Part(before, 0).GetProperty("kid").GetString()!;

        await (await org.Owner.PostAsync("/v1/admin/agency-token-keys/rotate", null)).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        using var admin = app.CreateAdminClient();
        var rotated = await (await admin.PostAsync("/v1/admin/agency-token-keys/rotate", null)).Json();
        var newKid = rotated.GetProperty("activeKeyId").GetString()!;
        Assert.NotEqual(oldKid, newKid);
        var keys = rotated.GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal([newKid, oldKid], keys.Select(k => k.GetProperty("keyId").GetString()!));
        var verifyUntil = keys[1].GetProperty("verifyUntil").GetDateTimeOffset();
        Assert.Equal(app.Clock.GetUtcNow() + Lifetime + TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(30), verifyUntil);

        var after = await org.Token(key, new { partnerAgencyId = "RO-1" });
        Assert.Equal(newKid, Distribution.Part(after, 0).GetProperty("kid").GetString());
        Assert.Equal(HttpStatusCode.OK, await org.Status(before));
        Assert.Equal(HttpStatusCode.OK, await org.Status(after));
        Assert.Equal([newKid, oldKid], await Published(app));

        // Just before the old key's window closes its last tokens have expired; once it closes it is no longer published.
        app.Clock.Advance(Lifetime + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await org.Status(before));
        Assert.Equal([newKid, oldKid], await Published(app));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([newKid], await Published(app));
        Assert.Equal(HttpStatusCode.OK, await org.Status(await org.Token(key, new { partnerAgencyId = "RO-1" })));
    }

    private static async Task<string[]> Published(InsureApplication app)
    {
        using var anonymous = app.CreateClient();
        var jwks = await (await anonymous.GetAsync("/.well-known/jwks.json")).Json();
        return jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToArray();
    }
}
