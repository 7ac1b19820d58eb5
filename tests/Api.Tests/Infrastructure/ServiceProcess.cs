using System.Diagnostics;
using System.Text;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>A built Insure program (Silo or Api) run as a real child process, with its output kept for diagnostics.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public string Name { get; }
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    private ServiceProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts `dotnet Insure.{project}.dll` from its build folder with the given environment.</summary>
    public static ServiceProcess Start(string project, string name, IDictionary<string, string> environment, string arguments = "")
    {
        var folder = BuildFolder(project);
        var info = new ProcessStartInfo("dotnet", $"Insure.{project}.dll {arguments}")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        return new ServiceProcess(name, Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start"));
    }

    /// <summary>Waits for the process to end on its own and returns its exit code.</summary>
    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Asks the process to stop as an operator would (SIGTERM), and waits for it.</summary>
    public async Task Stop()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", $"-TERM {_process.Id}"))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Ends the process at once, as a power loss or `kill -9` would: no shutdown of any kind.</summary>
    public async Task Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string BuildFolder(string project)
    {
        // Tests run from tests/Api.Tests/bin/{Configuration}/net10.0; the programs sit in src/{project}/bin/{Configuration}/net10.0.
        var testFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testFolder.Name;
        var configuration = testFolder.Parent!.Name;
        var root = testFolder;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Insure.sln")))
        {
            root = root.Parent;
        }
        var folder = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Insure.sln not found above the test folder"),
            "src", project, "bin", configuration, framework);
        return File.Exists(Path.Combine(folder, $"Insure.{project}.dll"))
            ? folder
            : throw new InvalidOperationException($"Insure.{project}.dll is not built in {folder}");
    }
}
