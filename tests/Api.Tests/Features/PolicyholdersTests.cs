using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class PolicyholdersTests(InsureApplication app)
{
    private async Task<HttpClient> Client()
    {
        var (_, key) = await app.CreateOrganization();
        return app.CreateClient(key);
    }

    [Fact]
    public async Task CreateIndividualAndCompany_ThenGetAndList()
    {
        using var client = await Client();
        var person = await client.PostAsJsonAsync("/v1/policyholders", new
        {
            type = "individual", firstName = "Erlich", lastName = "Bachman", email = "erlich@example.com", phone = "+1 650 555 0100",
            dateOfBirth = "1980-04-01", address = new { line1 = "5230 Newell Rd", city = "Palo Alto", state = "CA", postalCode = "94303", country = "US" },
        });
        Assert.Equal(HttpStatusCode.Created, person.StatusCode);
        var p = await person.Json();
        Assert.StartsWith("ph_", p.GetProperty("id").GetString());
        Assert.Equal("Erlich Bachman", p.GetProperty("name").GetString());
        Assert.Equal("api_key", p.GetProperty("createdBy").GetProperty("type").GetString());
        Assert.Equal($"/v1/policyholders/{p.GetProperty("id").GetString()}", person.Headers.Location?.ToString());

        var company = await (await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Pied Piper Inc", registrationNumber = "C123" })).Json();
        Assert.Equal("Pied Piper Inc", company.GetProperty("name").GetString());

        var fetched = await (await client.GetAsync($"/v1/policyholders/{p.GetProperty("id").GetString()}")).Json();
        Assert.Equal("94303", fetched.GetProperty("address").GetProperty("postalCode").GetString());
        Assert.Equal(2, (await (await client.GetAsync("/v1/policyholders")).Json()).GetProperty("total").GetInt32());
        Assert.Equal(1, (await (await client.GetAsync("/v1/policyholders?type=company")).Json()).GetProperty("total").GetInt32());
        Assert.Equal(1, (await (await client.GetAsync("/v1/policyholders?email=ERLICH@example.com")).Json()).GetProperty("total").GetInt32());
        Assert.Equal(2, (await (await client.GetAsync("/v1/events?type=policyholder.created")).Json()).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("{\"type\":\"robot\",\"firstName\":\"A\",\"lastName\":\"B\"}", "type")]
    [InlineData("{\"type\":\"individual\",\"lastName\":\"B\"}", "firstName")]
    [InlineData("{\"type\":\"company\"}", "companyName")]
    [InlineData("{\"type\":\"company\",\"companyName\":\"X\",\"firstName\":\"A\"}", "firstName")]
    [InlineData("{\"type\":\"individual\",\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"not-an-email\"}", "email")]
    [InlineData("{\"type\":\"individual\",\"firstName\":\"A\",\"lastName\":\"B\",\"dateOfBirth\":\"2999-01-01\"}", "dateOfBirth")]
    [InlineData("{\"type\":\"individual\",\"firstName\":\"A\",\"lastName\":\"B\",\"address\":{\"country\":\"USA\"}}", "address.country")]
    [InlineData("{\"type\":\"individual\",\"firstName\":\"A\",\"lastName\":\"B\",\"address\":{\"zip\":\"1\"}}", "address.zip")]
    [InlineData("{\"type\":\"individual\",\"firstName\":\"A\",\"lastName\":\"B\",\"dateOfBirth\":\"0001-01-01\"}", "dateOfBirth")]
    [InlineData("{\"type\":\"individual\",\"firstName\":\"A\",\"lastName\":\"B\",\"address\":{\"line1\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}}", "address.line1")]
    [InlineData("{\"type\":\"company\",\"companyName\":\"X\",\"address\":{\"postalCode\":\"123456789012345678901\"}}", "address.postalCode")]
    public async Task InvalidPolicyholders_Return400NamingTheField(string json, string field)
    {
        using var client = await Client();
        var error = await (await client.PostAsync("/v1/policyholders", Http.RawJson(json))).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(field, error.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal(0, (await (await client.GetAsync("/v1/policyholders")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Patch_ChangesOnlyWhatIsSent()
    {
        using var client = await Client();
        var created = await (await client.PostAsJsonAsync("/v1/policyholders", new
        {
            type = "individual", firstName = "Jared", lastName = "Dunn", email = "jared@example.com", address = new { city = "Palo Alto", country = "US" },
        })).Json();
        var id = created.GetProperty("id").GetString();
        var patched = await client.PatchAsJsonAsync($"/v1/policyholders/{id}", new { email = "donald@example.com", address = new { city = "Menlo Park" } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.Json();
        Assert.Equal("donald@example.com", body.GetProperty("email").GetString());
        Assert.Equal("Jared", body.GetProperty("firstName").GetString());
        Assert.Equal("Menlo Park", body.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal("US", body.GetProperty("address").GetProperty("country").GetString());

        await (await client.PatchAsJsonAsync($"/v1/policyholders/{id}", new { type = "company" })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PatchAsJsonAsync($"/v1/policyholders/{id}", new { email = "nope" })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PatchAsJsonAsync("/v1/policyholders/ph_01M81YTXRKSZADMEGQBAJBDECF", new { email = "a@b.co" })).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ConcurrentPatches_OfDifferentFields_AllLand()
    {
        using var client = await Client();
        var id = (await (await client.PostAsJsonAsync("/v1/policyholders", new { type = "individual", firstName = "Big", lastName = "Head" })).Json())
            .GetProperty("id").GetString();
        object[] patches =
        [
            new { email = "bighead@example.com" }, new { phone = "+1 650 555 0199" }, new { dateOfBirth = "1985-02-03" },
            new { address = new { city = "Palo Alto" } }, new { address = new { country = "US" } }, new { firstName = "Nelson" },
        ];
        var responses = await Task.WhenAll(patches.Select(p => client.PatchAsJsonAsync($"/v1/policyholders/{id}", p)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var final = await (await client.GetAsync($"/v1/policyholders/{id}")).Json();
        Assert.Equal("bighead@example.com", final.GetProperty("email").GetString());
        Assert.Equal("+1 650 555 0199", final.GetProperty("phone").GetString());
        Assert.Equal("1985-02-03", final.GetProperty("dateOfBirth").GetString());
        Assert.Equal("Palo Alto", final.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal("US", final.GetProperty("address").GetProperty("country").GetString());
        Assert.Equal("Nelson Head", final.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Submissions_NeedAnExistingPolicyholder_AndPoliciesFilterByIt()
    {
        using var client = await Client();
        var holder = (await (await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Hooli" })).Json()).GetProperty("id").GetString();
        object Submission(string? ph) => new
        {
            insuredName = "Hooli", naicsCode = "541511", annualRevenue = 900_000, requestedLimit = 1_000_000,
            effectiveDate = DateOnly.FromDateTime(app.ClockOf(client).GetUtcNow().UtcDateTime).AddDays(10).ToString("yyyy-MM-dd"), state = "CA",
            lineOfBusiness = "GL", policyholderId = ph,
        };
        var unknown = await (await client.PostAsJsonAsync("/v1/submissions", Submission("ph_01M81YTXRKSZADMEGQBAJBDECF"))).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("policyholderId", unknown.GetProperty("details").GetProperty("field").GetString());

        var id = (await (await client.PostAsJsonAsync("/v1/submissions", Submission(holder))).Json()).GetProperty("id").GetString();
        await client.PostAsync($"/v1/submissions/{id}/quote", null);
        await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" });
        var other = (await (await client.PostAsJsonAsync("/v1/submissions", Submission(null))).Json()).GetProperty("id").GetString();
        await client.PostAsync($"/v1/submissions/{other}/quote", null);
        await client.PostAsJsonAsync($"/v1/submissions/{other}/bind", new { installmentPlan = "PIF" });

        var policies = await (await client.GetAsync($"/v1/policies?policyholderId={holder}")).Json();
        Assert.Equal(1, policies.GetProperty("total").GetInt32());
        Assert.Equal(holder, policies.GetProperty("data")[0].GetProperty("policyholderId").GetString());
    }

    [Fact]
    public async Task AnotherTenantsPolicyholder_Returns404()
    {
        using var a = await Client();
        using var b = await Client();
        var id = (await (await a.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "A" })).Json()).GetProperty("id").GetString();
        await (await b.GetAsync($"/v1/policyholders/{id}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await b.PatchAsJsonAsync($"/v1/policyholders/{id}", new { companyName = "B" })).AssertError(HttpStatusCode.NotFound, "not_found");
    }
}
