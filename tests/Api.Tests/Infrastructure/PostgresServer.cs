using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server on loopback, started once per test run from the machine's Debian packages
/// (the test command installs them where missing). `initdb` refuses to run as root, so as root the server runs
/// as the `postgres` user. Each caller gets a fresh database of its own.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> Shared = new(() => new PostgresServer());
    private readonly string _directory;
    private readonly Process _process;
    /// <summary>Stops the server through pg_ctl (as the user that runs it).</summary>
    private readonly Action _stop;
    private int _databases;

    public static PostgresServer Instance => Shared.Value;

    public int Port { get; }

    private PostgresServer()
    {
        var bin = FindBinaries();
        Port = FreePort();
        _directory = Path.Combine(Path.GetTempPath(), $"insure-pg-{Environment.ProcessId}-{Port}");
        Directory.CreateDirectory(_directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", $"postgres:postgres {_directory}");
        }
        var data = Path.Combine(_directory, "data");
        _stop = () => RunAs(asRoot, Path.Combine(bin, "pg_ctl"), $"-D {data} stop -m immediate -w -t 10");
        RunAs(asRoot, Path.Combine(bin, "initdb"), $"-D {data} -U postgres --auth=trust --encoding=UTF8 --no-sync");
        // A watchdog shell stops the server and removes its files once this test process is gone, however it ends
        // (the runner may kill it without running exit handlers).
        var server = $"{Path.Combine(bin, "postgres")} -D {data} -p {Port} -k {_directory} -c listen_addresses=127.0.0.1 " +
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        var watchdog = $"{server} & pg=$!; while [ -d /proc/{Environment.ProcessId} ] && kill -0 $pg 2>/dev/null; do sleep 1; done; " +
            $"kill -INT $pg 2>/dev/null; wait $pg; rm -rf {data}";
        var start = StartInfo(asRoot, "/bin/bash", $"-c \"{watchdog}\"");
        _process = Process.Start(start) ?? throw new InvalidOperationException("postgres did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilAccepting();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase(string prefix = "insure")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}".ToLowerInvariant();
        name = name[..Math.Min(name.Length, 40)];
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Pooling=true;Maximum Pool Size=50";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Stop the server itself first: killing the watchdog's process tree can miss the server, which runs as
                // another user under runuser, and leave it running with its files deleted. With it gone the watchdog ends.
                try
                {
                    _stop();
                }
                catch (Exception)
                {
                    // Already stopping or gone: the process tree is killed below if the watchdog is still there.
                }
                if (!_process.WaitForExit(10_000))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception)
        {
            // Best effort: the directory is under /tmp.
        }
    }

    private void WaitUntilAccepting()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                connection.Open();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>The folder of the newest installed PostgreSQL server's programs (initdb, pg_ctl, postgres).</summary>
    public static string Binaries() => FindBinaries();

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql: run the README's test command (it installs the Debian postgresql package).");
    }

    private static ProcessStartInfo StartInfo(bool asRoot, string file, string arguments)
    {
        var info = asRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }

    private static void RunAs(bool asRoot, string file, string arguments)
    {
        using var process = Process.Start(StartInfo(asRoot, file, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {error}{output.Result}");
        }
    }

    private static void Run(string file, string arguments) => RunAs(false, file, arguments);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
