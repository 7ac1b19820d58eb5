using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class ProductsTests(InsureApplication app)
{
    [Fact]
    public async Task Products_ListTheLoadedPlans()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var list = await (await client.GetAsync("/v1/products")).Json();
        Assert.Equal(["GL", "dinosure"], list.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("code").GetString()));
        Assert.Equal(2, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Product_ShowsItsPlanAsData()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var gl = await (await client.GetAsync("/v1/products/GL")).Json();
        Assert.Equal("product", gl.GetProperty("object").GetString());
        Assert.Equal("2026.11.1", gl.GetProperty("version").GetString());
        Assert.Equal(0.42m, gl.GetProperty("tables").GetProperty("classRates").GetProperty("541511").GetDecimal());
        Assert.True(gl.GetProperty("inputs").GetProperty("naicsCode").GetProperty("required").GetBoolean());
        Assert.Equal("base_rate", gl.GetProperty("steps")[0].GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/products/dinosure")).StatusCode);
        await (await client.GetAsync("/v1/products/LIFE")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Products_NeedTheProductsScope()
    {
        var (_, key) = await app.CreateOrganization();
        using var owner = app.CreateClient(key);
        var narrow = (await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "n", scopes = new[] { "events:read" } })).Json())
            .GetProperty("key").GetString()!;
        using var client = app.CreateClient(narrow);
        await (await client.GetAsync("/v1/products")).AssertError(HttpStatusCode.Forbidden, "forbidden");
    }
}
