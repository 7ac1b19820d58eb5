using Insure.Api.Features.Admin;

namespace Insure.Api.Hosting;

/// <summary>The playground organization seeded on an empty embedded in-memory start (null otherwise).</summary>
public sealed class PlaygroundInfo
{
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CreatedOrganizationDto? Organization { get; set; }

    /// <summary>Completes once start-up has decided whether to seed, and seeded if so.</summary>
    public Task Settled => _settled.Task;

    internal void Settle() => _settled.TrySetResult();
}
