using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// An organization with agencies, agents and integrations, made through the HTTP API as an integrator would, and the
/// Create token calls made with an integration's `isk_` key.
/// </summary>
public sealed class Distribution(InsureApplication app, string orgId, string key) : IDisposable
{
    public string OrgId { get; } = orgId;

    /// <summary>The organization's sandbox key (scopes `*`).</summary>
    public string Key { get; } = key;

    /// <summary>A client sending <see cref="Key"/>.</summary>
    public HttpClient Owner { get; } = app.CreateClient(key);

    public static async Task<Distribution> Start(InsureApplication app, string name = "Distribution Mutual")
    {
        var (orgId, key) = await app.CreateOrganization(name);
        return new Distribution(app, orgId, key);
    }

    public async Task<string> Agency(string name, string? partnerAgencyId = null) =>
        await Producer(new { type = "agency", name, partnerAgencyId });

    public async Task<string> Agent(string agencyId, string name, string email) =>
        await Producer(new { type = "agent", name, email, agencyId });

    private async Task<string> Producer(object body)
    {
        var response = await Owner.PostAsJsonAsync("/v1/producers", body);
        var created = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToString());
        return created.GetProperty("id").GetString()!;
    }

    /// <summary>A new integration reaching <paramref name="agencyIds"/>; its id, `isk_` key and the created body.</summary>
    public async Task<(string Id, string Key, JsonElement Body)> Integration(string[] agencyIds, string[]? scopes = null, string name = "Comparative Rater")
    {
        var response = await Owner.PostAsJsonAsync("/v1/integrations", new { name, agencyIds, scopes = scopes ?? ["submissions:write", "policies:read"] });
        var body = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!, body);
    }

    /// <summary>The token reference of the pair (integration, agency), as `GET /v1/integrations/{id}` shows it.</summary>
    public async Task<string> TokenReference(string integrationId, string agencyId)
    {
        var integration = await (await Owner.GetAsync($"/v1/integrations/{integrationId}")).Json();
        return integration.GetProperty("agencies").EnumerateArray()
            .Single(a => a.GetProperty("agencyId").GetString() == agencyId).GetProperty("tokenReference").GetString()!;
    }

    /// <summary>Create token with <paramref name="integrationKey"/>; <paramref name="body"/> null sends no body at all.</summary>
    public async Task<HttpResponseMessage> CreateToken(string integrationKey, object? body)
    {
        using var client = app.CreateClient(integrationKey);
        return body is null ? await client.PostAsync("/v1/auth/token", null) : await client.PostAsJsonAsync("/v1/auth/token", body);
    }

    /// <summary>A token from Create token, which must succeed.</summary>
    public async Task<string> Token(string integrationKey, object body)
    {
        var response = await CreateToken(integrationKey, body);
        var created = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, created.ToString());
        return created.GetProperty("bearerToken").GetString()!;
    }

    /// <summary>The status of GET <paramref name="path"/> with <paramref name="token"/> as the Bearer credential.</summary>
    public async Task<HttpStatusCode> Status(string token, string path = "/v1/submissions")
    {
        using var client = app.CreateClient(token);
        return (await client.GetAsync(path)).StatusCode;
    }

    /// <summary>A JWT's header or payload, decoded without checking anything (as the seed's "refresh" does).</summary>
    public static JsonElement Part(string token, int index)
    {
        var part = token.Split('.')[index].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(part))).RootElement.Clone();
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    public static AuthenticationHeaderValue Bearer(string credential) => new("Bearer", credential);

    public void Dispose() => Owner.Dispose();
}
