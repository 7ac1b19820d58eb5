using System.Text.RegularExpressions;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Repository;

/// <summary>The deal-room page's files: the SignalR client kept in the repository, and nothing loaded from elsewhere.</summary>
public sealed class VendoredClientTests
{
    private static readonly string WebRoot = Path.Combine(RepositoryFiles.Root, "src", "Api", "wwwroot");

    [Fact]
    public void TheSignalRClient_IsTheVersionItsReadmeNames_WithItsLicence()
    {
        var readme = RepositoryFiles.Read("src/Api/wwwroot/lib/signalr/README.md");
        var version = Regex.Match(readme, @"@microsoft/signalr (\d+\.\d+\.\d+)").Groups[1].Value;
        Assert.NotEqual("", version);
        Assert.Contains("npm pack", readme);
        // The client's build carries its own version as a string literal.
        Assert.Contains($"\"{version}\"", RepositoryFiles.Read("src/Api/wwwroot/lib/signalr/signalr.min.js"));
        Assert.Contains("MIT License", RepositoryFiles.Read("src/Api/wwwroot/lib/signalr/LICENSE.txt"));
    }

    [Fact]
    public void ThePagesOwnFiles_NameNoOtherHost()
    {
        var files = Directory.GetFiles(Path.Combine(WebRoot, "deal-room"));
        Assert.Contains(files, f => f.EndsWith("index.html", StringComparison.Ordinal));
        foreach (var file in files)
        {
            Assert.DoesNotMatch(@"https?://|[""'(]//", File.ReadAllText(file));
        }
    }
}
