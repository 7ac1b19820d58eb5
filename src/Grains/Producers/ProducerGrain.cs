using Insure.Grains.Events;
using Insure.Grains.Products;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Producers;

/// <summary>
/// An agency or agent: load, decide (<see cref="ProducerRules"/>), apply, commit. An agent reads its agency (to create
/// it under that agency, and to judge its authority); an agency never calls its agents, and a producer never calls the
/// submissions that ask it for its authority, so no call can come back round to a grain waiting on it.
/// </summary>
internal sealed class ProducerGrain(
    [PersistentState("producer", Names.Storage)] IPersistentState<ProducerState> state,
    IQueryStore queries,
    ProductCatalog catalog,
    TenantClocks clocks,
    ILogger<ProducerGrain> logger)
    : TenantGrain<ProducerState>(state, queries, clocks, logger), IProducerGrain
{
    public async Task<Outcome<ProducerInfo>> Create(NewProducer request)
    {
        if (Persisted.RecordExists)
        {
            return RuleViolation.Conflict($"Producer {EntityId} already exists");
        }
        var decided = ProducerRules.CheckNew(request, catalog);
        if (decided.Violation is { } refused)
        {
            return refused;
        }
        var profile = decided.Facts!;
        if (profile.AgencyId is { } agencyId)
        {
            // Never itself: a grain awaiting a call to itself would wait forever.
            var agency = agencyId == EntityId ? null : await Grains.Get<IProducerGrain>(agencyId).Get();
            if (ProducerRules.CheckAgency(agencyId, agency) is { } noAgency)
            {
                return noAgency;
            }
        }
        ProducerRules.Create(State, profile, request.By, Time.GetUtcNow());
        await Commit(() => [NewEvent("producer.created", ToInfo())]);
        return ToInfo();
    }

    public Task<ProducerInfo?> Get() => Task.FromResult(Exists() ? ToInfo() : null);

    public async Task<Outcome<ProducerInfo>> Update(ProducerPatch patch)
    {
        if (!Exists())
        {
            return Outcome<ProducerInfo>.NotFound;
        }
        var decided = ProducerRules.Update(State, EntityId, patch, catalog);
        if (decided.Violation is { } refused)
        {
            return refused;
        }
        if (!ProducerRules.Changes(State, decided.Facts!))
        {
            return ToInfo();
        }
        var statusChanges = State.Status != decided.Facts!.Status;
        ProducerRules.Apply(State, decided.Facts!, Time.GetUtcNow());
        if (statusChanges)
        {
            // The version this commit writes (Commit moves it on once): the token grain keeps the newest it hears of.
            State.UnsentStanding = new ProducerStanding(EntityId, State.Status, State.Version + 1);
        }
        await Commit(() => [NewEvent("producer.updated", ToInfo())]);
        return ToInfo();
    }

    public Task<ProducerStanding?> Standing() =>
        Task.FromResult(Exists() ? new ProducerStanding(EntityId, State.Status, State.Version) : null);

    public async Task<Outcome<ProducerAppointment>> Appoint(NewAppointment request)
    {
        if (!Exists())
        {
            return Outcome<ProducerAppointment>.NotFound;
        }
        var decided = ProducerRules.Appoint(State, EntityId, request, catalog, Ids.New(IdPrefixes.Appointment, Time), Time.GetUtcNow());
        if (decided.Violation is { } refused)
        {
            return refused;
        }
        var appointment = decided.Facts!;
        ProducerRules.Apply(State, appointment);
        await Commit(() => [NewEvent("appointment.created", appointment)]);
        return appointment;
    }

    public async Task<Outcome<ProducerAppointment>> UpdateAppointment(string appointmentId, string? status, Actor by)
    {
        if (!Exists())
        {
            return Outcome<ProducerAppointment>.NotFound;
        }
        var decided = ProducerRules.UpdateAppointment(State, EntityId, appointmentId, status, Time.GetUtcNow());
        if (decided.Violation is { } refused)
        {
            return refused;
        }
        var appointment = decided.Facts!;
        if (State.Appointments.Contains(appointment))
        {
            return appointment;
        }
        ProducerRules.Replace(State, appointment);
        await Commit(() => [NewEvent("appointment.updated", appointment)]);
        return appointment;
    }

    public async Task<ProducerAuthority> Authority(string state, string lineOfBusiness, DateOnly onDate)
    {
        if (!Exists())
        {
            return new ProducerAuthority(false, null, new List<string> { $"producer {EntityId} was not found" });
        }
        var agency = State.AgencyId is { } agencyId ? await Grains.Get<IProducerGrain>(agencyId).Get() : null;
        return new ProducerAuthority(true, State.AgencyId, ProducerRules.Authority(ToInfo(), agency, state, lineOfBusiness, onDate, DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime)));
    }

    protected override bool HasInstructions => State.UnsentStanding is not null;

    /// <summary>
    /// Tells the agency's token grain (its own, for an agency) of a status change, so a suspended or terminated agency's
    /// or agent's access tokens stop working from the next request; retried from the outbox until it answers.
    /// </summary>
    protected override async Task<bool> SendInstructions()
    {
        if (State.UnsentStanding is not { } standing)
        {
            return false;
        }
        await Grains.Get<IAgencyTokensGrain>(State.AgencyId ?? EntityId).ProducerChanged(standing);
        if (State.UnsentStanding == standing)
        {
            State.UnsentStanding = null;
        }
        return true;
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            var tags = new Dictionary<string, string>
            {
                ["type"] = State.Type,
                ["status"] = State.Status,
                // Name, email and NPN, lower-cased, for `search`; a line break between them so no match spans two.
                ["search"] = string.Join('\n', new[] { State.Name, State.Email, State.Npn }.OfType<string>()).ToLowerInvariant(),
            };
            if (State.Email is { } email)
            {
                tags["email"] = email.ToLowerInvariant();
            }
            if (State.Npn is { } npn)
            {
                tags["npn"] = npn;
            }
            if (State.AgencyId is { } agency)
            {
                tags["agencyId"] = agency;
            }
            if (State.PartnerAgencyId is { } partner)
            {
                tags["partnerAgencyId"] = partner;
            }
            yield return Summary(QueryKinds.Producer, State.CreatedAt, tags, ToInfo());
        }
    }

    // Copies of the lists (as List<T>, which has a codec): the record is immutable to Orleans, so it is passed by
    // reference within a silo and must not change after it is handed out.
    private ProducerInfo ToInfo() => new(
        EntityId, State.Type, State.Name, State.Email, State.Npn, State.AgencyId, State.PartnerAgencyId, State.Status,
        State.Licenses.ToList(), State.Appointments.ToList(), State.CreatedAt, State.UpdatedAt, State.CreatedBy!);
}
