using System.Diagnostics;
using Npgsql;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own, on loopback, that the test stops and starts again (same data, same port) to
/// cause an outage. Run by pg_ctl as the `postgres` user when the tests run as root (initdb refuses root); removed on
/// dispose, or by the operating system's temporary-file cleaning should the test process be killed.
/// </summary>
public sealed class RestartablePostgres : IDisposable
{
    private readonly string _directory;
    private readonly string _data;
    private readonly string _bin;
    private readonly bool _asRoot = Environment.UserName == "root";

    public int Port { get; } = PostgresServer.FreePort();

    public RestartablePostgres()
    {
        _bin = PostgresServer.Binaries();
        _directory = Path.Combine(Path.GetTempPath(), $"insure-pg-own-{Environment.ProcessId}-{Port}");
        _data = Path.Combine(_directory, "data");
        Directory.CreateDirectory(_directory);
        if (_asRoot)
        {
            Run(false, "chown", $"postgres:postgres {_directory}");
        }
        Run(_asRoot, Path.Combine(_bin, "initdb"), $"-D {_data} -U postgres --auth=trust --encoding=UTF8 --no-sync");
        Start();
    }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Maximum Pool Size=30;Timeout=5";

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public void Start()
    {
        var options = $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
        Run(_asRoot, Path.Combine(_bin, "pg_ctl"), $"-D {_data} -o \"{options}\" -l {Path.Combine(_directory, "log")} -w -t 60 start");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                // Unpooled: a pooled connection would outlive a stop and fail on its next use.
                using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
                connection.Open();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>Stops the server as an operator's `pg_ctl stop` does (fast: open sessions are ended).</summary>
    public void Stop() => Run(_asRoot, Path.Combine(_bin, "pg_ctl"), $"-D {_data} -m fast -w -t 60 stop");

    public void Dispose()
    {
        try
        {
            Run(_asRoot, Path.Combine(_bin, "pg_ctl"), $"-D {_data} -m immediate -w -t 10 stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is under /tmp.
        }
    }

    private static void Run(bool asRoot, string file, string arguments)
    {
        var info = asRoot ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}") : new ProcessStartInfo(file, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {error}{output.Result}");
        }
    }
}
