using System.Reflection;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>Counts the calls this node makes to the grain methods <paramref name="counts"/> picks (an outgoing call filter).</summary>
public sealed class GrainCallCounter(Func<MethodInfo, bool> counts) : IOutgoingGrainCallFilter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod is { } method && counts(method))
        {
            Interlocked.Increment(ref _count);
        }
        return context.Invoke();
    }
}
