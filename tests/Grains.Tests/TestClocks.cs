using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Insure.Grains.Tests;

/// <summary>
/// The clocks the cluster's tenants read. An organization given its own clock (<see cref="Own"/>, before its grains
/// activate) moves alone, from <see cref="Start"/>, so a test that moves it depends on no other test's time; every other
/// organization reads the shared <see cref="ClusterFixture.Clock"/>.
/// </summary>
public sealed class TestClocks(TimeProvider shared) : TenantClocks(shared)
{
    /// <summary>Where every organization's own clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentDictionary<string, FakeTimeProvider> _own = new();

    public FakeTimeProvider Own(string orgId) => _own.GetOrAdd(orgId, _ => new FakeTimeProvider(Start));

    public override TimeProvider For(string orgId) => _own.TryGetValue(orgId, out var clock) ? clock : base.For(orgId);
}
