using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Insure.Api.Infrastructure;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Tests.Features;

/// <summary>
/// Create token (the seed's "Authentication" page) over HTTP: which agency a request names, the token it gets, using it,
/// refreshing it, and both levels of revocation.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AgencyTokensTests(InsureApplication app)
{
    [Fact]
    public async Task CreateToken_ByAgentEmail_GivesTheSeedsPayload_AndTheTokenWorksWithTheIntegrationsScopes()
    {
        using var org = await Distribution.Start(app);
        var agency = await org.Agency("Main Street Agency", "MS-1");
        var agent = await org.Agent(agency, "Jo Broker", "jo@example.com");
        var (integrationId, key, _) = await org.Integration([agency], ["submissions:write", "policyholders:write"]);

        var response = await org.CreateToken(key, new { agentEmail = "Jo@Example.com" });
        var created = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, created.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var token = created.GetProperty("bearerToken").GetString()!;
        var payload = created.GetProperty("tokenPayload");
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(await org.TokenReference(integrationId, agency), payload.GetProperty("ref").GetString());
        Assert.Equal(now, payload.GetProperty("iat").GetInt64());
        Assert.Equal(now + (long)TimeSpan.FromDays(7).TotalSeconds, payload.GetProperty("exp").GetInt64());
        Assert.Equal(agent, payload.GetProperty("agentId").GetString());

        var header = Distribution.Part(token, 0);
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));
        var claims = Distribution.Part(token, 1);
        Assert.Equal(payload.GetProperty("ref").GetString(), claims.GetProperty("ref").GetString());
        Assert.Equal(agent, claims.GetProperty("agentId").GetString());
        Assert.Equal(now, claims.GetProperty("iat").GetInt64());

        Assert.Equal(HttpStatusCode.OK, await org.Status(token, "/v1/submissions"));
        using var withToken = app.CreateClient(token);
        var policyholder = await (await withToken.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Token Made Ltd" })).Json();
        var createdBy = policyholder.GetProperty("createdBy");
        Assert.Equal(("agency_token", payload.GetProperty("ref").GetString(), agency),
            (createdBy.GetProperty("type").GetString(), createdBy.GetProperty("id").GetString(), createdBy.GetProperty("ownerId").GetString()));
        var lacking = await (await withToken.GetAsync("/v1/webhooks")).AssertError(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("agency access token lacks the scope webhooks:read", lacking.GetProperty("message").GetString());
        await (await withToken.GetAsync("/v1/integrations")).AssertError(HttpStatusCode.Forbidden, "forbidden");
        // A token is not an integration key.
        await (await org.CreateToken(token, new { agentEmail = "jo@example.com" })).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        // The legacy key works as before.
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync("/v1/api-keys")).StatusCode);
    }

    [Fact]
    public async Task CreateToken_MatchingTwoAgencies_Is422_WithTokenReferences_AndEitherPicksOne()
    {
        using var org = await Distribution.Start(app);
        var first = await org.Agency("First Agency", "P-100");
        var second = await org.Agency("Second Agency");
        var agentInFirst = await org.Agent(first, "Sam Two-Hats", "sam@example.com");
        var agentInSecond = await org.Agent(second, "Sam Two-Hats", "sam@example.com");
        var (integrationId, key, _) = await org.Integration([first, second], name: "Quote Hub");

        var body = await (await org.CreateToken(key, new { agentEmail = "sam@example.com" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        var references = body.GetProperty("tokenReferences").EnumerateArray().ToList();
        Assert.Equal(2, references.Count);
        var byName = references.ToDictionary(r => r.GetProperty("agencyName").GetString()!);
        Assert.Equal("P-100", byName["First Agency"].GetProperty("partnerAgencyId").GetString());
        Assert.Equal("", byName["Second Agency"].GetProperty("partnerAgencyId").GetString());
        Assert.All(references, r => Assert.Equal("Quote Hub", r.GetProperty("partnerAgencyName").GetString()));
        Assert.Equal(await org.TokenReference(integrationId, second), byName["Second Agency"].GetProperty("tokenReference").GetString());

        var chosen = await (await org.CreateToken(key, new { agentEmail = "sam@example.com", tokenReference = byName["Second Agency"].GetProperty("tokenReference").GetString() })).Json();
        Assert.Equal(agentInSecond, chosen.GetProperty("tokenPayload").GetProperty("agentId").GetString());
        var byPartner = await (await org.CreateToken(key, new { agentEmail = "sam@example.com", partnerAgencyId = "P-100" })).Json();
        Assert.Equal(agentInFirst, byPartner.GetProperty("tokenPayload").GetProperty("agentId").GetString());
        Assert.Equal(await org.TokenReference(integrationId, first), byPartner.GetProperty("tokenPayload").GetProperty("ref").GetString());
    }

    [Fact]
    public async Task CreateToken_WithUnknownValues_OrAnAgentOutsideTheAgency_Is404()
    {
        using var org = await Distribution.Start(app);
        var reached = await org.Agency("Reached Agency", "R-1");
        var other = await org.Agency("Other Reached Agency", "R-2");
        var elsewhere = await org.Agency("Not Reached Agency", "N-1");
        var agentOfOther = await org.Agent(other, "Olive", "olive@example.com");
        var agentElsewhere = await org.Agent(elsewhere, "Ned", "ned@example.com");
        var (integrationId, key, _) = await org.Integration([reached, other]);
        var reachedReference = await org.TokenReference(integrationId, reached);

        foreach (var body in new object[]
        {
            new { agentEmail = "nobody@example.com" },
            new { agentId = "prd_01KAAAAAAAAAAAAAAAAAAAAAAA" },
            new { agentId = reached },
            new { partnerAgencyId = "NOPE" },
            new { partnerAgencyId = "N-1" },
            new { tokenReference = "7XKcegdY6GakJ1UHJ9SWpFkC" },
            new { agentEmail = "ned@example.com" },
            new { agentId = agentElsewhere },
        })
        {
            await (await org.CreateToken(key, body)).AssertError(HttpStatusCode.NotFound, "not_found");
        }
        var mismatch = await (await org.CreateToken(key, new { tokenReference = reachedReference, agentId = agentOfOther }))
            .AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.Contains("does not belong", mismatch.GetProperty("message").GetString());
        await (await org.CreateToken(key, new { partnerAgencyId = "R-1", agentEmail = "olive@example.com" })).AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, (await org.CreateToken(key, new { tokenReference = reachedReference })).StatusCode);
    }

    [Fact]
    public async Task CreateToken_AgainWithTheRefAndAgentIdOfAnOldToken_IssuesAnEquivalentOne()
    {
        using var org = await Distribution.Start(app);
        var agency = await org.Agency("Refresh Agency", "RF-1");
        var agent = await org.Agent(agency, "Rae", "rae@example.com");
        var (_, key, _) = await org.Integration([agency]);
        var old = await org.Token(key, new { agentEmail = "rae@example.com" });

        app.Clock.Advance(TimeSpan.FromHours(1));
        // The seed's refresh: decode the old token without checking it, and ask again with its ref and agentId.
        var claims = Distribution.Part(old, 1);
        var refreshed = await (await org.CreateToken(key, new { tokenReference = claims.GetProperty("ref").GetString(), agentId = claims.GetProperty("agentId").GetString() })).Json();
        var payload = refreshed.GetProperty("tokenPayload");
        Assert.Equal(claims.GetProperty("ref").GetString(), payload.GetProperty("ref").GetString());
        Assert.Equal(agent, payload.GetProperty("agentId").GetString());
        Assert.Equal(claims.GetProperty("iat").GetInt64() + 3600, payload.GetProperty("iat").GetInt64());
        var fresh = refreshed.GetProperty("bearerToken").GetString()!;
        Assert.NotEqual(old, fresh);
        Assert.Equal(HttpStatusCode.OK, await org.Status(fresh));

        // An agency-level token carries no agent.
        var agencyLevel = await (await org.CreateToken(key, new { partnerAgencyId = "RF-1" })).Json();
        Assert.Equal(JsonValueKind.Null, agencyLevel.GetProperty("tokenPayload").GetProperty("agentId").ValueKind);
        Assert.False(Distribution.Part(agencyLevel.GetProperty("bearerToken").GetString()!, 1).TryGetProperty("agentId", out _));
    }

    [Fact]
    public async Task RevokeTokens_EndsThatAgencysTokensFromTheNextRequest_AndNewOnesWorkInTheSameSecond()
    {
        using var org = await Distribution.Start(app);
        var revoked = await org.Agency("Leaky Agency", "L-1");
        var untouched = await org.Agency("Careful Agency", "C-1");
        var (_, key, _) = await org.Integration([revoked, untouched]);
        var (_, otherKey, _) = await org.Integration([revoked], name: "Second Rater");
        var leaked = await org.Token(key, new { partnerAgencyId = "L-1" });
        var leakedElsewhere = await org.Token(otherKey, new { partnerAgencyId = "L-1" });
        var careful = await org.Token(key, new { partnerAgencyId = "C-1" });
        Assert.Equal(HttpStatusCode.OK, await org.Status(leaked));
        Assert.Equal(HttpStatusCode.OK, await org.Status(leakedElsewhere));
        // The node remembers the tokens it found valid, with the agency they were checked against; the revocation
        // reaches it before it answers.
        var remembered = app.Service<CheckedCredentials>();
        var agencyKey = new Tenant(org.OrgId, Tenant.Sandbox).KeyFor(revoked);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!remembered.Holds(agencyKey) && DateTime.UtcNow < deadline)
        {
            Assert.Equal(HttpStatusCode.OK, await org.Status(leaked));
        }
        Assert.True(remembered.Holds(agencyKey), "the node never remembered the agency's tokens");

        var response = await org.Owner.PostAsync($"/v1/producers/{revoked}/revoke-tokens", null);
        var revocation = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, revocation.ToString());
        Assert.Equal(revoked, revocation.GetProperty("agencyId").GetString());

        Assert.False(remembered.Holds(agencyKey));
        foreach (var token in new[] { leaked, leakedElsewhere })
        {
            using var client = app.CreateClient(token);
            var body = await (await client.GetAsync("/v1/submissions")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Contains("revoked", body.GetProperty("message").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, await org.Status(careful));
        // The platform clock has not moved: a new token has the same iat as the revoked ones, and still works.
        var renewed = await org.Token(key, new { partnerAgencyId = "L-1" });
        Assert.Equal(Distribution.Part(leaked, 1).GetProperty("iat").GetInt64(), Distribution.Part(renewed, 1).GetProperty("iat").GetInt64());
        Assert.Equal(HttpStatusCode.OK, await org.Status(renewed));

        await (await org.Owner.PostAsync("/v1/producers/prd_01KAAAAAAAAAAAAAAAAAAAAAAA/revoke-tokens", null)).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await org.Owner.PostAsync("/v1/producers/nope/revoke-tokens", null)).AssertError(HttpStatusCode.NotFound, "not_found");
        var (_, reader) = await app.CreateKey(org.OrgId, new { name = "reader", scopes = new[] { "integrations:read" } });
        using var readOnly = app.CreateClient(reader);
        await (await readOnly.PostAsync($"/v1/producers/{revoked}/revoke-tokens", null)).AssertError(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task SuspendingAnAgencyOrAgent_StopsItsTokensFromTheNextRequest_UntilItIsActiveAgain_AndTerminationEndsThem()
    {
        using var org = await Distribution.Start(app);
        var agency = await org.Agency("Paused Agency", "P-1");
        var other = await org.Agency("Other Agency", "O-1");
        var agent = await org.Agent(agency, "Sam Suspended", "sam@paused.example");
        var colleague = await org.Agent(agency, "Cat Colleague", "cat@paused.example");
        var (_, key, _) = await org.Integration([agency, other]);
        var agencyToken = await org.Token(key, new { partnerAgencyId = "P-1" });
        var agentToken = await org.Token(key, new { agentId = agent });
        var colleagueToken = await org.Token(key, new { agentId = colleague });
        var otherToken = await org.Token(key, new { partnerAgencyId = "O-1" });
        foreach (var token in new[] { agencyToken, agentToken, colleagueToken, otherToken })
        {
            Assert.Equal(HttpStatusCode.OK, await org.Status(token));
        }

        // An agent: only that agent's tokens stop.
        await Patch(agent, "suspended");
        await AssertRefused(agentToken, $"agent {agent}", "suspended");
        Assert.Equal(HttpStatusCode.OK, await org.Status(agencyToken));
        Assert.Equal(HttpStatusCode.OK, await org.Status(colleagueToken));
        await Patch(agent, "active");
        Assert.Equal(HttpStatusCode.OK, await org.Status(agentToken));

        // The agency: every token made for it or its agents stops; another agency's do not.
        await Patch(agency, "suspended");
        foreach (var token in new[] { agencyToken, agentToken, colleagueToken })
        {
            await AssertRefused(token, $"agency {agency}", "suspended");
        }
        Assert.Equal(HttpStatusCode.OK, await org.Status(otherToken));
        await (await org.CreateToken(key, new { partnerAgencyId = "P-1" })).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        await Patch(agency, "active");
        Assert.Equal(HttpStatusCode.OK, await org.Status(colleagueToken));

        await Patch(agent, "terminated");
        await AssertRefused(agentToken, $"agent {agent}", "terminated");
        Assert.Equal(HttpStatusCode.OK, await org.Status(colleagueToken));

        async Task Patch(string producerId, string status)
        {
            var response = await org.Owner.PatchAsJsonAsync($"/v1/producers/{producerId}", new { status });
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        async Task AssertRefused(string token, string who, string status)
        {
            using var client = app.CreateClient(token);
            var message = (await (await client.GetAsync("/v1/submissions")).AssertError(HttpStatusCode.Unauthorized, "unauthorized")).GetProperty("message").GetString();
            Assert.Contains(who, message);
            Assert.Contains(status, message);
        }
    }

    [Fact]
    public async Task RotateKey_EndsTheOldKeyAndEveryTokenOfTheIntegration_AndTheNewKeyWorksAtOnce()
    {
        using var org = await Distribution.Start(app);
        var first = await org.Agency("Alpha Agency", "A-1");
        var second = await org.Agency("Beta Agency", "B-1");
        var (integrationId, oldKey, _) = await org.Integration([first, second]);
        var (_, otherKey, _) = await org.Integration([first], name: "Unrelated Rater");
        var tokens = new[] { await org.Token(oldKey, new { partnerAgencyId = "A-1" }), await org.Token(oldKey, new { partnerAgencyId = "B-1" }) };
        var unrelated = await org.Token(otherKey, new { partnerAgencyId = "A-1" });
        // Used once first, so the node remembers them: the rotation must reach it before it answers.
        foreach (var token in tokens)
        {
            Assert.Equal(HttpStatusCode.OK, await org.Status(token));
        }

        var response = await org.Owner.PostAsync($"/v1/integrations/{integrationId}/rotate-key", null);
        var rotated = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, rotated.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var newKey = rotated.GetProperty("key").GetString()!;
        Assert.StartsWith("isk_test_", newKey);
        Assert.NotEqual(oldKey, newKey);

        await (await org.CreateToken(oldKey, new { partnerAgencyId = "A-1" })).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        foreach (var token in tokens)
        {
            using var client = app.CreateClient(token);
            await (await client.GetAsync("/v1/submissions")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        }
        Assert.Equal(HttpStatusCode.OK, await org.Status(unrelated));
        Assert.Equal(HttpStatusCode.OK, await org.Status(await org.Token(newKey, new { partnerAgencyId = "A-1" })));
        Assert.Equal(HttpStatusCode.OK, await org.Status(await org.Token(newKey, new { partnerAgencyId = "B-1" })));

        // Whoever sees the new key must hold what the integration's tokens may do.
        var (_, narrow) = await app.CreateKey(org.OrgId, new { name = "narrow", scopes = new[] { "integrations:write" } });
        using var limited = app.CreateClient(narrow);
        await (await limited.PostAsync($"/v1/integrations/{integrationId}/rotate-key", null)).AssertError(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Agencies_AreAddedAndRemoved_AndARemovedAgencysTokensStop()
    {
        using var org = await Distribution.Start(app);
        var first = await org.Agency("Kept Agency", "K-1");
        var later = await org.Agency("Later Agency", "LA-1");
        var agent = await org.Agent(first, "Not An Agency", "naa@example.com");
        var (integrationId, key, _) = await org.Integration([first]);
        await (await org.CreateToken(key, new { partnerAgencyId = "LA-1" })).AssertError(HttpStatusCode.NotFound, "not_found");

        var added = await org.Owner.PostAsJsonAsync($"/v1/integrations/{integrationId}/agencies", new { agencyId = later });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var reference = await org.TokenReference(integrationId, later);
        // Adding it again changes nothing: the reference is stable.
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsJsonAsync($"/v1/integrations/{integrationId}/agencies", new { agencyId = later })).StatusCode);
        Assert.Equal(reference, await org.TokenReference(integrationId, later));
        var token = await org.Token(key, new { partnerAgencyId = "LA-1" });
        Assert.Equal(HttpStatusCode.OK, await org.Status(token));

        await (await org.Owner.PostAsJsonAsync($"/v1/integrations/{integrationId}/agencies", new { agencyId = agent })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await org.Owner.PostAsJsonAsync("/v1/integrations", new { name = "Bad", scopes = new[] { "policies:read" }, agencyIds = new[] { first, agent } }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"/v1/integrations/{integrationId}/agencies/{later}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await org.Status(token));
        await (await org.Owner.DeleteAsync($"/v1/integrations/{integrationId}/agencies/{later}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await org.Owner.PostAsJsonAsync($"/v1/integrations/{integrationId}/agencies", new { agencyId = later })).Json();
        Assert.NotEqual(reference, await org.TokenReference(integrationId, later));
        Assert.Equal(HttpStatusCode.Unauthorized, await org.Status(token));
    }

    [Fact]
    public async Task ForgedTokens_Are401()
    {
        using var org = await Distribution.Start(app);
        var agency = await org.Agency("Target Agency", "T-1");
        var agent = await org.Agent(agency, "Tess", "tess@example.com");
        var other = await org.Agent(agency, "Theo", "theo@example.com");
        var (_, key, _) = await org.Integration([agency]);
        var genuine = await org.Token(key, new { agentEmail = "tess@example.com" });
        Assert.Equal(HttpStatusCode.OK, await org.Status(genuine));
        var parts = genuine.Split('.');
        var kid = Distribution.Part(genuine, 0).GetProperty("kid").GetString()!;
        var payload = Distribution.Part(genuine, 1).GetRawText();

        var tampered = $"{parts[0]}.{Distribution.Base64Url(payload.Replace(agent, other, StringComparison.Ordinal))}.{parts[2]}";
        var none = $"{Distribution.Base64Url($$"""{"alg":"none","typ":"JWT","kid":"{{kid}}"}""")}.{parts[1]}.";
        var jwk = (await (await org.Owner.GetAsync("/.well-known/jwks.json")).Json()).GetProperty("keys").EnumerateArray().First(k => k.GetProperty("kid").GetString() == kid);
        using var publicKey = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = FromBase64Url(jwk.GetProperty("x").GetString()!), Y = FromBase64Url(jwk.GetProperty("y").GetString()!) },
        });
        // The classic confusion: HMAC with the public key (as DER, as PEM, and as the JWK text) for a secret.
        var hmacForgeries = new[] { publicKey.ExportSubjectPublicKeyInfo(), Encoding.UTF8.GetBytes(publicKey.ExportSubjectPublicKeyInfoPem()), Encoding.UTF8.GetBytes(jwk.GetRawText()) }
            .Select(secret => Sign($$"""{"alg":"HS256","typ":"JWT","kid":"{{kid}}"}""", payload, data => HMACSHA256.HashData(secret, data)));
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var unknownKid = Sign("""{"alg":"ES256","typ":"JWT","kid":"not-a-key-of-ours"}""", payload, data => stranger.SignData(data, HashAlgorithmName.SHA256));
        var wrongKey = Sign($$"""{"alg":"ES256","typ":"JWT","kid":"{{kid}}"}""", payload, data => stranger.SignData(data, HashAlgorithmName.SHA256));
        var noKid = Sign("""{"alg":"ES256","typ":"JWT"}""", payload, data => stranger.SignData(data, HashAlgorithmName.SHA256));

        foreach (var forged in new[] { tampered, none, unknownKid, wrongKey, noKid, "a.b.c", parts[0] + "." + parts[1] + ".", genuine + "x" }.Concat(hmacForgeries))
        {
            using var client = app.CreateClient(forged);
            var body = await (await client.GetAsync("/v1/submissions")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Equal("Invalid agency access token", body.GetProperty("message").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, await org.Status(genuine));
    }

    [Fact]
    public async Task AToken_ExpiresAfterItsLifetime_AllowingASmallClockSkew()
    {
        using var org = await Distribution.Start(app);
        var agency = await org.Agency("Short Lived Agency", "SL-1");
        var (_, key, _) = await org.Integration([agency]);
        var token = await org.Token(key, new { partnerAgencyId = "SL-1" });

        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, await org.Status(token));
        app.Clock.Advance(TimeSpan.FromSeconds(25));
        using var client = app.CreateClient(token);
        var body = await (await client.GetAsync("/v1/submissions")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("expired", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, await org.Status(await org.Token(key, new { partnerAgencyId = "SL-1" })));
    }

    [Fact]
    public async Task AnIssuedToken_IsVerifiedWithThePublishedJwks_ByAnIndependentLibrary()
    {
        using var org = await Distribution.Start(app);
        var agency = await org.Agency("Verified Agency", "V-1");
        var agent = await org.Agent(agency, "Vera", "vera@example.com");
        var (_, key, _) = await org.Integration([agency]);
        var token = await org.Token(key, new { agentId = agent });

        using var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync("/.well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var kid = Jose.JWT.Headers(token)["kid"]!.ToString();
        var jwk = (await response.Json()).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == kid);
        Assert.Equal(("EC", "P-256", "ES256", "sig"), (jwk.GetProperty("kty").GetString(), jwk.GetProperty("crv").GetString(),
            jwk.GetProperty("alg").GetString(), jwk.GetProperty("use").GetString()));
        Assert.False(jwk.TryGetProperty("d", out _));
        using var publicKey = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = FromBase64Url(jwk.GetProperty("x").GetString()!), Y = FromBase64Url(jwk.GetProperty("y").GetString()!) },
        });

        var verified = JsonDocument.Parse(Jose.JWT.Decode(token, publicKey, Jose.JwsAlgorithm.ES256)).RootElement;
        Assert.Equal(agent, verified.GetProperty("agentId").GetString());
        // One character well inside the signature (the last one may carry only padding bits, which decoding ignores).
        var at = token.Length - 10;
        var tampered = token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];
        Assert.ThrowsAny<Exception>(() => Jose.JWT.Decode(tampered, publicKey, Jose.JwsAlgorithm.ES256));
    }

    private static string Sign(string header, string payload, Func<byte[], byte[]> signature)
    {
        var signingInput = $"{Distribution.Base64Url(header)}.{Distribution.Base64Url(payload)}";
        return $"{signingInput}.{Distribution.Base64Url(signature(Encoding.ASCII.GetBytes(signingInput)))}";
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }
}
