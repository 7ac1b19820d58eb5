namespace Insure.Api.Tests.Infrastructure;

public static class RepositoryFiles
{
    /// <summary>The checkout's root: the folder holding Insure.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Insure.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("Insure.sln not found above the test folder");
    }
}
