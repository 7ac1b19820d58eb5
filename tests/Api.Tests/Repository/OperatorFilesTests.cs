using System.Reflection;
using System.Text.RegularExpressions;
using Insure.Api.Infrastructure;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains.Hosting;
using Microsoft.Extensions.Configuration;
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
    public void Compose_RunsPostgresTwoSilosAndTwoClientApis()
    {
        var services = Services();
        Assert.Equal(["api1", "api2", "postgres", "silo1", "silo2"], services.Keys.Order());

        var postgres = services["postgres"];
        var major = int.Parse(Regex.Match(Scalar(postgres, "image"), @"postgres:(\d+)").Groups[1].Value);
        Assert.True(major >= 15, "the schema uses UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+)");
        Assert.Contains("pg_isready", ((YamlMappingNode)postgres["healthcheck"])["test"].ToString());
        Assert.Contains(((YamlSequenceNode)postgres["volumes"]).Children.Select(v => v.ToString()), v => v.EndsWith(":/var/lib/postgresql/data"));

        foreach (var silo in new[] { "silo1", "silo2" })
        {
            Assert.Equal("src/Silo/Dockerfile", Dockerfile(services[silo]));
            Assert.Equal("Postgres", Environment(services[silo])["Insure__Storage"]);
            Assert.DoesNotContain("Insure__Mode", Environment(services[silo]).Keys);
            Assert.Equal("service_healthy", DependsOn(services[silo])["postgres"]);
        }
        var published = new List<string>();
        foreach (var name in new[] { "api1", "api2" })
        {
            var api = Environment(services[name]);
            Assert.Equal("src/Api/Dockerfile", Dockerfile(services[name]));
            Assert.Equal("Client", api["Insure__Mode"]);
            Assert.Equal("Postgres", api["Insure__Storage"]);
            Assert.Contains("Insure__AdminSecret", api.Keys);
            Assert.Equal("http://+:8080", api["ASPNETCORE_URLS"]);
            Assert.Equal(["postgres", "silo1", "silo2"], DependsOn(services[name]).Keys.Order());
            published.AddRange(((YamlSequenceNode)services[name]["ports"]).Children.Select(c => c.ToString()));
        }
        Assert.Equal(["8080:8080", "8081:8080"], published.Order());
    }

    [Fact]
    public void Compose_ConnectionStringsPointAtItsPostgres()
    {
        var services = Services();
        var database = Environment(services["postgres"]);
        foreach (var name in new[] { "silo1", "silo2", "api1", "api2" })
        {
            var connection = Environment(services[name])["ConnectionStrings__Insure"];
            Assert.Contains("Host=postgres", connection);
            Assert.Contains($"Database={database["POSTGRES_DB"]}", connection);
            Assert.Contains($"Username={database["POSTGRES_USER"]}", connection);
            Assert.Contains($"Password={database["POSTGRES_PASSWORD"]}", connection);
        }
        var clusterIds = new[] { "silo1", "silo2", "api1", "api2" }.Select(n => Environment(services[n])["Insure__Orleans__ClusterId"]).Distinct();
        Assert.Single(clusterIds);
    }

    [Fact]
    public void Compose_PassesOnlySettingsTheProgramsRead()
    {
        var known = SettingPaths().ToHashSet();
        foreach (var (name, service) in Services().Where(s => s.Key != "postgres"))
        {
            foreach (var variable in Environment(service).Keys)
            {
                Assert.True(known.Contains(variable) || variable == "ASPNETCORE_URLS",
                    $"{name}: {variable} is not a setting of InsureOptions or ApiOptions, nor the connection string");
            }
        }
    }

    /// <summary>
    /// Each program checks its settings before it starts (<see cref="InsureHosting.ConfigurationProblems"/>, and the
    /// Api's own on top): with what compose passes, after compose's own `${VAR:-default}` and `${VAR:?}` substitution,
    /// none is missing or out of range, and a missing connection string would be caught.
    /// </summary>
    [Fact]
    public void Compose_SetsEverySettingTheProgramsRequire()
    {
        foreach (var (name, service) in Services().Where(s => s.Key != "postgres"))
        {
            var environment = Environment(service).ToDictionary(e => e.Key, e => Interpolate(e.Value));
            IReadOnlyList<string> Problems(Dictionary<string, string> settings)
            {
                var configuration = new ConfigurationBuilder()
                    .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
                    .Build();
                return name.StartsWith("api", StringComparison.Ordinal)
                    ? Insure.Api.Hosting.ApiHosting.ConfigurationProblems(configuration)
                    : InsureHosting.ConfigurationProblems(configuration);
            }
            Assert.Empty(Problems(environment));
            var withoutDatabase = environment.Where(e => e.Key != "ConnectionStrings__Insure").ToDictionary();
            Assert.Contains(Problems(withoutDatabase), p => p.Contains("ConnectionStrings__Insure", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Silo")]
    [InlineData("Api")]
    public void Dockerfile_IsMultiStage_RunsAsNonRoot_OnTheSmallRuntimeImage(string project)
    {
        var dockerfile = RepositoryFiles.Read($"src/{project}/Dockerfile");
        var stages = Regex.Matches(dockerfile, @"^FROM (\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", stages[0]);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", stages[1]);
        Assert.Contains($"dotnet publish src/{project}/{project}.csproj -c Release", dockerfile);
        Assert.Contains("COPY --from=build /app .", dockerfile);
        var user = Regex.Match(dockerfile, @"^USER (\S+)$", RegexOptions.Multiline);
        Assert.True(user.Success && user.Index > dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal), "the runtime stage names a non-root user");
        Assert.NotEqual("root", user.Groups[1].Value);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"Insure.{project}.dll\"]", dockerfile);
        // Every project file the restore step copies exists, and the image needs no other.
        foreach (Match copied in Regex.Matches(dockerfile, @"^COPY (src/\S+\.csproj) ", RegexOptions.Multiline))
        {
            Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, copied.Groups[1].Value)), copied.Groups[1].Value);
        }
    }

    [Theory]
    [InlineData("Silo")]
    [InlineData("Api")]
    public void TheProgramsBuilt_RunWithIdleThreadPoolWorkersNotSpinning(string project)
    {
        // The runtime settings the build writes beside each program (the published image carries the same file).
        var settings = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, $"Insure.{project}.runtimeconfig.json")))!;
        Assert.Equal(0, (int)settings["runtimeOptions"]!["configProperties"]!["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!);
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
        ((YamlMappingNode)Compose["services"]).Children.ToDictionary(c => c.Key.ToString(), c => Resolve((YamlMappingNode)c.Value));

    private static string Scalar(YamlMappingNode node, string key) => node[key].ToString();

    private static string Dockerfile(YamlMappingNode service) => ((YamlMappingNode)service["build"])["dockerfile"].ToString();

    private static Dictionary<string, string> DependsOn(YamlMappingNode service) =>
        ((YamlMappingNode)service["depends_on"]).Children.ToDictionary(
            d => d.Key.ToString(), d => ((YamlMappingNode)d.Value)["condition"].ToString());

    /// <summary>Compose's substitution: `${VAR:-default}` gives the default, `${VAR:?message}` a value an operator would set.</summary>
    private static string Interpolate(string value) =>
        Regex.Replace(value, @"\$\{[A-Z_]+(:-(?<default>[^}]*)|:\?[^}]*)\}", m =>
            m.Groups["default"].Success ? m.Groups["default"].Value : "0123456789abcdef0123456789abcdef0123456789abcdef");

    /// <summary>A service's environment with YAML merge keys (`<<: *anchor`) resolved.</summary>
    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        ((YamlMappingNode)service["environment"]).Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString());

    /// <summary>A mapping with YAML merge keys (`<<: *anchor`) resolved, at every level; keys of its own win over merged ones.</summary>
    private static YamlMappingNode Resolve(YamlMappingNode node)
    {
        var resolved = new YamlMappingNode();
        foreach (var (key, value) in node.Children.Where(c => c.Key.ToString() != "<<"))
        {
            resolved.Add(key, value is YamlMappingNode mapping ? Resolve(mapping) : value);
        }
        foreach (var (_, value) in node.Children.Where(c => c.Key.ToString() == "<<"))
        {
            foreach (var (mergedKey, mergedValue) in Resolve((YamlMappingNode)value).Children)
            {
                // A merge is shallow: a key of the mapping's own replaces the merged one whole.
                if (!resolved.Children.ContainsKey(mergedKey))
                {
                    resolved.Add(mergedKey, mergedValue);
                }
            }
        }
        return resolved;
    }

    private static YamlMappingNode LoadCompose()
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryFiles.Read("docker-compose.yml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
