using System.Collections.Concurrent;
using Insure.Grains;
using Microsoft.Extensions.Time.Testing;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// A fake clock per organization, each starting at <see cref="Start"/>: a test that moves its tenant's time moves no
/// other test's, and no result depends on the order tests run in or on the day the suite runs.
/// </summary>
public sealed class TestClocks() : TenantClocks(TimeProvider.System)
{
    /// <summary>Where every tenant's clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 2, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentDictionary<string, FakeTimeProvider> _clocks = new();

    public override TimeProvider For(string orgId) => Of(orgId);

    public FakeTimeProvider Of(string orgId) => _clocks.GetOrAdd(orgId, _ => new FakeTimeProvider(Start));
}
