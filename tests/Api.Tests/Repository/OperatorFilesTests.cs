using System.Reflection;
using System.Text.RegularExpressions;
using Insure.Api.Infrastructure;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains.Hosting;
using YamlDotNet.RepresentationModel;

namespace Insure.Api.Tests.Repository;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is kept honest by reading it: every setting it passes must be
/// one the programs read, and the cluster it describes must be the one the cluster tests run.
/// </summary>
public sealed class OperatorFilesTests
{
    private static readonly YamlMappingNode Compose = LoadCompose();

    [Fact]
    public void Compose_RunsPostgresTwoSilosAndAClientApi()
    {
        var services = Services();
        Assert.Equal(["api", "postgres", "silo1", "silo2"], services.Keys.Order());

        var postgresImage = Scalar(services["postgres"], "image");
        var major = int.Parse(Regex.Match(postgresImage, @"postgres:(\d+)").Groups[1].Value);
        Assert.True(major >= 15, "the schema uses UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+)");

        foreach (var silo in new[] { "silo1", "silo2" })
        {
            Assert.Equal("Silo", BuildArg(services[silo]));
            Assert.Equal("Postgres", Environment(services[silo])["Insure__Storage"]);
            Assert.DoesNotContain("Insure__Mode", Environment(services[silo]).Keys);
        }
        var api = Environment(services["api"]);
        Assert.Equal("Api", BuildArg(services["api"]));
        Assert.Equal("Client", api["Insure__Mode"]);
        Assert.Equal("Postgres", api["Insure__Storage"]);
        Assert.Contains("Insure__AdminSecret", api.Keys);
        Assert.Contains("8080:8080", ((YamlSequenceNode)services["api"]["ports"]).Children.Select(c => c.ToString()));
        Assert.Equal("http://+:8080", api["ASPNETCORE_URLS"]);
    }

    [Fact]
    public void Compose_ConnectionStringsPointAtItsPostgres()
    {
        var services = Services();
        var database = Environment(services["postgres"]);
        foreach (var name in new[] { "silo1", "silo2", "api" })
        {
            var connection = Environment(services[name])["ConnectionStrings__Insure"];
            Assert.Contains("Host=postgres", connection);
            Assert.Contains($"Database={database["POSTGRES_DB"]}", connection);
            Assert.Contains($"Username={database["POSTGRES_USER"]}", connection);
            Assert.Contains($"Password={database["POSTGRES_PASSWORD"]}", connection);
            var dependsOn = (YamlMappingNode)services[name]["depends_on"];
            Assert.Contains("postgres", dependsOn.Children.Keys.Select(k => k.ToString()));
        }
        var clusterIds = new[] { "silo1", "silo2", "api" }.Select(n => Environment(services[n])["Insure__Orleans__ClusterId"]).Distinct();
        Assert.Single(clusterIds);
    }

    [Fact]
    public void Compose_PassesOnlySettingsTheProgramsRead()
    {
        var known = SettingPaths().ToHashSet();
        foreach (var (name, service) in Services().Where(s => s.Key != "postgres"))
        {
            foreach (var variable in Environment(service).Keys.Where(k => k.StartsWith("Insure__", StringComparison.Ordinal)))
            {
                Assert.True(known.Contains(variable), $"{name}: {variable} is not a setting of InsureOptions or ApiOptions");
            }
        }
    }

    [Fact]
    public void Dockerfile_BuildsTheProjectsComposeAsksFor()
    {
        var dockerfile = RepositoryFiles.Read("Dockerfile");
        Assert.Contains("dotnet publish \"src/${PROJECT}/${PROJECT}.csproj\"", dockerfile);
        Assert.Contains("Insure.${PROJECT}.dll", dockerfile);
        foreach (var project in Services().Values.Where(s => s.Children.ContainsKey("build")).Select(BuildArg).Distinct())
        {
            Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, "src", project, $"{project}.csproj")), $"src/{project}/{project}.csproj missing");
        }
    }

    [Fact]
    public void Readme_HasAConfigurationRowForEverySetting_AndExactlyTwoSetupCommands()
    {
        var readme = RepositoryFiles.Read("README.md");
        foreach (var path in SettingPaths())
        {
            Assert.Contains($"| `{path}` |", readme);
        }
        var setup = Regex.Match(readme, @"## Set-up on a fresh machine(.*?)\n## ", RegexOptions.Singleline).Groups[1].Value;
        var commands = Regex.Matches(setup, @"^\| [^|]+ \| `([^`]+)` \|$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["dotnet run --project src/Api", "./scripts/test.sh"], commands);
        Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, "scripts", "test.sh")));
        Assert.Contains("scripts/test.sh", RepositoryFiles.Read(".ci/run"));
    }

    /// <summary>Every leaf setting of InsureOptions (silo) and ApiOptions (Api) in environment-variable form (`Insure__Orleans__SiloPort`).</summary>
    private static IEnumerable<string> SettingPaths()
    {
        static IEnumerable<string> Walk(Type type, string prefix)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var path = $"{prefix}__{property.Name}";
                var propertyType = property.PropertyType;
                if (propertyType.IsClass && propertyType != typeof(string))
                {
                    foreach (var nested in Walk(propertyType, path))
                    {
                        yield return nested;
                    }
                }
                else
                {
                    yield return path;
                }
            }
        }
        return Walk(typeof(InsureOptions), InsureOptions.Section).Concat(Walk(typeof(ApiOptions), ApiOptions.Section))
            .Append("ConnectionStrings__" + InsureOptions.ConnectionStringName);
    }

    private static Dictionary<string, YamlMappingNode> Services() =>
        ((YamlMappingNode)Compose["services"]).Children.ToDictionary(c => c.Key.ToString(), c => (YamlMappingNode)c.Value);

    private static string Scalar(YamlMappingNode node, string key) => node[key].ToString();

    private static string BuildArg(YamlMappingNode service) =>
        ((YamlMappingNode)((YamlMappingNode)service["build"])["args"])["PROJECT"].ToString();

    /// <summary>A service's environment with YAML merge keys (`<<: *anchor`) resolved.</summary>
    private static Dictionary<string, string> Environment(YamlMappingNode service)
    {
        var result = new Dictionary<string, string>();
        foreach (var (key, value) in ((YamlMappingNode)service["environment"]).Children)
        {
            if (key.ToString() == "<<")
            {
                foreach (var (mergedKey, mergedValue) in ((YamlMappingNode)value).Children)
                {
                    result.TryAdd(mergedKey.ToString(), mergedValue.ToString());
                }
            }
            else
            {
                result[key.ToString()] = value.ToString();
            }
        }
        return result;
    }

    private static YamlMappingNode LoadCompose()
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryFiles.Read("docker-compose.yml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
