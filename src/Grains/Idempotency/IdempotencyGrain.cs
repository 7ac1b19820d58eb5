using Insure.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Grains.Idempotency;

[GenerateSerializer, Alias("insure.IdempotencyState")]
public sealed class IdempotencyState
{
    [Id(0)] public string Fingerprint { get; set; } = "";
    [Id(1)] public StoredResponse? Response { get; set; }
    [Id(2)] public DateTimeOffset CompletedAt { get; set; }
}

/// <summary>
/// The request in flight is held in memory only: if the silo dies mid-request nothing was stored, and the
/// client's retry runs the request again. Completed responses are kept for <see cref="Retention"/>, then cleared.
/// </summary>
internal sealed class IdempotencyGrain(
    [PersistentState("idempotency", Names.Storage)] IPersistentState<IdempotencyState> state,
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time)
    : Grain, IIdempotencyGrain, IRemindable
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private const string ExpiryReminder = "expire";
    private string? _inFlight;

    public async Task<IdempotencyStart> Begin(string fingerprint)
    {
        if (state.State.Response is not null)
        {
            if (time.GetUtcNow() < state.State.CompletedAt + Retention)
            {
                return state.State.Fingerprint == fingerprint
                    ? new IdempotencyStart(IdempotencyOutcome.Replay, state.State.Response)
                    : new IdempotencyStart(IdempotencyOutcome.Mismatch, null);
            }
            await state.ClearStateAsync();
        }
        if (_inFlight is not null)
        {
            return new IdempotencyStart(_inFlight == fingerprint ? IdempotencyOutcome.InFlight : IdempotencyOutcome.Mismatch, null);
        }
        _inFlight = fingerprint;
        return new IdempotencyStart(IdempotencyOutcome.Proceed, null);
    }

    public async Task Complete(string fingerprint, StoredResponse response)
    {
        if (_inFlight != fingerprint)
        {
            return;
        }
        state.State.Fingerprint = fingerprint;
        state.State.Response = response;
        state.State.CompletedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        _inFlight = null;
        await this.RegisterOrUpdateReminder(ExpiryReminder, Retention, Retention);
    }

    public Task Release(string fingerprint)
    {
        if (_inFlight == fingerprint)
        {
            _inFlight = null;
        }
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // A late or repeated tick is harmless: only a response past its retention is cleared.
        if (state.State.Response is not null && time.GetUtcNow() >= state.State.CompletedAt + Retention)
        {
            await state.ClearStateAsync();
        }
        if (state.State.Response is null)
        {
            var reminder = await this.GetReminder(reminderName);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
            DeactivateOnIdle();
        }
    }
}
