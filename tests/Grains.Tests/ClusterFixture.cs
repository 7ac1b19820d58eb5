using System.Collections.Concurrent;
using Insure.Grains.Billing;
using Insure.Grains.Hosting;
using Insure.Grains.Idempotency;
using Insure.Grains.Products;
using Insure.Grains.Queries;
using Insure.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Insure.Grains.Tests;

/// <summary>
/// One in-process test cluster per collection, with a fake clock (and a clock of their own for organizations that ask,
/// see <see cref="TestClocks"/>), the shipped product catalog and a query store that can be made to fail.
/// </summary>
public sealed class ClusterFixture : IDisposable
{
    public static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
    public static readonly TestClocks Clocks = new(Clock);
    public static readonly FailingQueryStore Queries = new();
    public static readonly MemoryIdempotencyStore Idempotency = new();
    public static readonly FailingGrainStorage Storage = new();

    public TestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The services of the cluster's one silo, which runs in this process (its storage, its reminder table).</summary>
    public IServiceProvider Silo =>
        (Cluster.Primary as InProcessSiloHandle ?? throw new InvalidOperationException("The test cluster's silo runs in this process.")).ServiceProvider;

    public ClusterFixture()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        Cluster.Deploy();
    }

    public void Dispose() => Cluster.StopAllSilos();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(Names.Storage);
            // The same store, able to refuse one grain's next write (see FailingGrainStorage).
            GrainStorageDecoration.Decorate(silo.Services, Names.Storage, (_, memory) => Storage.Wrap(memory));
            FreshGrainStorage.Wrap(silo.Services, Names.Storage);
            silo.AddMemoryGrainStorage(Names.PubSubStore);
            silo.UseInMemoryReminderService();
            silo.AddMemoryStreams(Names.StreamProvider);
            silo.Services.AddKeyedSingleton<TimeProvider>(InsureHosting.Clock, Clock);
            silo.Services.AddSingleton<TenantClocks>(Clocks);
            silo.Services.AddSingleton(new InsureOptions());
            silo.Services.AddSingleton(ProductCatalog.LoadEmbedded());
            silo.Services.AddSingleton<IQueryStore>(Queries);
            silo.Services.AddSingleton<IIdempotencyStore>(Idempotency);
            silo.Services.AddPaymentGateway(new BillingSettings());
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>
/// The silo's grain storage, which refuses the next write of a grain named with <see cref="FailNextWrite"/> and counts the
/// reads that reach it.
/// </summary>
public sealed class FailingGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, bool> _failNext = new();
    private readonly ConcurrentDictionary<GrainId, int> _reads = new();

    /// <summary>How many times the store was asked for <paramref name="grain"/>'s state.</summary>
    public int ReadsOf(GrainId grain) => _reads.GetValueOrDefault(grain);

    /// <summary>The next write of <paramref name="grain"/> fails, as one to an unreachable database would; later ones work.</summary>
    public void FailNextWrite(GrainId grain) => _failNext[grain] = true;

    public IGrainStorage Wrap(IGrainStorage inner) => new Wrapped(inner, this);

    private sealed class Wrapped(IGrainStorage inner, FailingGrainStorage switches) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            switches._reads.AddOrUpdate(grainId, 1, (_, n) => n + 1);
            return inner.ReadStateAsync(stateName, grainId, grainState);
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            switches._failNext.TryRemove(grainId, out _)
                ? throw new InvalidOperationException("grain storage unreachable")
                : inner.WriteStateAsync(stateName, grainId, grainState);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
    }
}

/// <summary>The memory store, with a switch that makes writes fail as an unreachable database would.</summary>
public sealed class FailingQueryStore : IQueryStore
{
    private readonly MemoryQueryStore _inner = new();
    public volatile bool Down;

    public int CountLimit => _inner.CountLimit;

    public Task Upsert(IReadOnlyList<QueryRecord> records, CancellationToken cancellationToken = default) =>
        Down ? throw new InvalidOperationException("query store unreachable") : _inner.Upsert(records, cancellationToken);
    public Task<string?> Get(string kind, string tenant, string id, CancellationToken cancellationToken = default) => _inner.Get(kind, tenant, id, cancellationToken);
    public Task<QueryPage> List(string kind, string tenant, QueryFilter filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
        _inner.List(kind, tenant, filter, page, pageSize, cancellationToken);
    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>> Totals(string group, string tenant, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        _inner.Totals(group, tenant, keys, cancellationToken);
    public Task<IReadOnlyList<LoggedEvent>> ReadLog(string tenant, long after, int limit, CancellationToken cancellationToken = default) =>
        _inner.ReadLog(tenant, after, limit, cancellationToken);
    public Task<long> LogHead(string tenant, CancellationToken cancellationToken = default) => _inner.LogHead(tenant, cancellationToken);
    public Task<bool> Any(string kind, CancellationToken cancellationToken = default) => _inner.Any(kind, cancellationToken);
    public Task Ping(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
