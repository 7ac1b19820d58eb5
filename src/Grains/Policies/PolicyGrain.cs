using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Policies;

[GenerateSerializer, Alias("insure.PolicyState")]
public sealed class PolicyState : IOutboxState
{
    [Id(0)] public NewPolicy? Terms { get; set; }
    [Id(1)] public string Status { get; set; } = PolicyStatuses.Bound;
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(4)] public long Version { get; set; }
    [Id(5)] public List<DomainEvent> Outbox { get; set; } = [];
}

internal sealed class PolicyGrain(
    [PersistentState("policy", Names.Storage)] IPersistentState<PolicyState> state,
    IQueryStore queries,
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time,
    ILogger<PolicyGrain> logger)
    : OutboxGrain<PolicyState>(state, queries, logger), IPolicyGrain, IRemindable
{
    private const string ActivationReminder = "activate";
    /// <summary>How often an unfired activation reminder retries (Orleans' minimum reminder period is one minute).</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromHours(1);
    private Tenant _tenant = null!;
    private string _id = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _id) = Tenant.ParseKey(this.GetPrimaryKeyString());
        await base.OnActivateAsync(cancellationToken);
        if (Persisted.RecordExists)
        {
            await ProcessDue();
        }
    }

    public async Task<PolicyInfo> Issue(NewPolicy policy)
    {
        if (Persisted.RecordExists)
        {
            return ToInfo();
        }
        var now = time.GetUtcNow();
        State.Terms = policy;
        State.CreatedAt = State.UpdatedAt = now;
        State.Status = PolicyStatuses.Bound;
        await Commit(EventRecords.Create(_tenant, "policy.bound", ToInfo().ToResource(), time));
        if (!await ProcessDue())
        {
            var due = EffectiveAt - now;
            await this.RegisterOrUpdateReminder(ActivationReminder, due < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : due, ReminderPeriod);
        }
        return ToInfo();
    }

    public Task<PolicyInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    Task IPolicyGrain.ProcessDue() => ProcessDue();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await ProcessDue() || !Persisted.RecordExists)
        {
            var reminder = await this.GetReminder(reminderName);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    /// <summary>Activates a bound policy once its effective date has come. True when nothing is left waiting.</summary>
    private async Task<bool> ProcessDue()
    {
        if (!Persisted.RecordExists)
        {
            return true;
        }
        if (State.Status == PolicyStatuses.Bound && time.GetUtcNow() >= EffectiveAt)
        {
            State.Status = PolicyStatuses.Active;
            State.UpdatedAt = time.GetUtcNow();
            await Commit(EventRecords.Create(_tenant, "policy.activated", ToInfo().ToResource(), time));
        }
        return State.Status != PolicyStatuses.Bound;
    }

    /// <summary>Cover starts at the beginning of the effective date (UTC).</summary>
    private DateTimeOffset EffectiveAt => new(State.Terms!.Application.EffectiveDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            var terms = State.Terms!;
            var tags = new Dictionary<string, string>
            {
                ["status"] = State.Status,
                ["lineOfBusiness"] = terms.Application.ProductCode,
                ["policyNumber"] = terms.PolicyNumber,
                ["effectiveDate"] = terms.Application.EffectiveDate.ToString("yyyy-MM-dd"),
            };
            if (terms.Application.PolicyholderId is { } holder)
            {
                tags["policyholderId"] = holder;
            }
            if (terms.Application.ProducerId is { } producer)
            {
                tags["producerId"] = producer;
            }
            yield return new QueryRecord(QueryKinds.Policy, _tenant.ToString(), _id, State.CreatedAt, State.Version, tags,
                InsureJson.Serialize(ToInfo()));
        }
    }

    private PolicyInfo ToInfo()
    {
        var terms = State.Terms!;
        return new PolicyInfo(_id, terms.PolicyNumber, State.Status, terms.SubmissionId, terms.QuoteId, terms.Application,
            terms.Application.EffectiveDate, terms.ExpirationDate, terms.Rating, terms.InstallmentPlan, terms.Installments,
            State.CreatedAt, terms.BoundBy, State.UpdatedAt);
    }
}

[GenerateSerializer, Alias("insure.PolicyNumberSequenceState")]
public sealed class PolicyNumberSequenceState
{
    [Id(0)] public long Last { get; set; }
}

/// <summary>The counter is persisted before a number is handed out, so a number is never given twice.</summary>
internal sealed class PolicyNumberSequenceGrain(
    [PersistentState("policyNumberSequence", Names.Storage)] IPersistentState<PolicyNumberSequenceState> state)
    : Grain, IPolicyNumberSequenceGrain
{
    public async Task<long> Next()
    {
        state.State.Last++;
        await state.WriteStateAsync();
        return state.State.Last;
    }
}
