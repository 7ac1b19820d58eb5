using Insure.Grains.Producers;
using Insure.Grains.Products;

namespace Insure.Grains.Tests.Producers;

/// <summary>The producer rules as pure functions on the real catalog: profiles, licenses, appointments, the lifecycle and placing authority.</summary>
public sealed class ProducerRulesTests
{
    private static readonly ProductCatalog Catalog = ProductCatalog.LoadEmbedded();
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 1);
    private static readonly Actor By = Actor.ApiKey("key_test", "org_test");
    private static readonly string AgencyId = Ids.New(IdPrefixes.Producer);
    private static readonly string AgentId = Ids.New(IdPrefixes.Producer);

    private static ProducerLicense License(string state = "TX", string[]? lines = null, DateOnly? expiresOn = null, string number = "TX-1") =>
        new(state, number, lines ?? ["GL"], expiresOn ?? new DateOnly(2027, 12, 31));

    private static NewProducer Agency(Func<NewProducer, NewProducer>? change = null)
    {
        var request = new NewProducer("agency", "Lone Star Brokers", "desk@lonestar.example", "1234567", null, "ls-42", [License()], By);
        return change is null ? request : change(request);
    }

    private static NewProducer Agent(Func<NewProducer, NewProducer>? change = null)
    {
        var request = new NewProducer("agent", "Ana Agent", "ana@lonestar.example", "7654321", AgencyId, null, null, By);
        return change is null ? request : change(request);
    }

    private static ProducerState Stored(NewProducer request)
    {
        var decided = ProducerRules.CheckNew(request, Catalog);
        Assert.Null(decided.Violation);
        var state = new ProducerState();
        ProducerRules.Create(state, decided.Facts!, By, Now);
        return state;
    }

    private static ProducerAppointment Appointed(ProducerState state, string producerId, string lineState = "TX", string line = "GL", DateOnly? from = null)
    {
        var decided = ProducerRules.Appoint(state, producerId, new NewAppointment(lineState, line, from ?? Today, By), Catalog, Ids.New(IdPrefixes.Appointment), Now);
        Assert.Null(decided.Violation);
        ProducerRules.Apply(state, decided.Facts!);
        return decided.Facts!;
    }

    private static ProducerInfo Info(string id, ProducerState state) => new(
        id, state.Type, state.Name, state.Email, state.Npn, state.AgencyId, state.PartnerAgencyId, state.Status,
        state.Licenses.ToList(), state.Appointments.ToList(), state.CreatedAt, state.UpdatedAt, state.CreatedBy!);

    private static ProducerPatch Patch(string? status = null, IReadOnlyList<ProducerLicense>? licenses = null, string? name = null) =>
        new(name, null, null, null, status, licenses, By);

    private static void AssertInvalid(RuleViolation? violation, string field, string rule)
    {
        Assert.NotNull(violation);
        Assert.Equal((ErrorCodes.ValidationFailed, field, rule), (violation.Code, violation.Details!["field"], violation.Details["rule"]));
    }

    // ---- Creating ----

    [Fact]
    public void CheckNew_AcceptsAgenciesAndAgents_Normalized()
    {
        var agency = ProducerRules.CheckNew(Agency(r => r with
        {
            Name = "  Lone Star Brokers ", Licenses = [License("tx", ["gl", "GL", "Dinosure"]), License("ca", ["GL"], number: "CA-9")],
        }), Catalog).Facts!;
        Assert.Equal(("agency", "Lone Star Brokers", ProducerStatuses.Active, null, "ls-42"), (agency.Type, agency.Name, agency.Status, agency.AgencyId, agency.PartnerAgencyId));
        Assert.Equal(["TX", "CA"], agency.Licenses.Select(l => l.State));
        Assert.Equal(["GL", "dinosure"], agency.Licenses[0].LinesOfBusiness);

        var agent = ProducerRules.CheckNew(Agent(), Catalog).Facts!;
        Assert.Equal(("agent", AgencyId, null), (agent.Type, agent.AgencyId, agent.PartnerAgencyId));
        Assert.Empty(agent.Licenses);
        Assert.Null(ProducerRules.CheckNew(Agency(r => r with { Email = null, Npn = null, PartnerAgencyId = null, Licenses = null }), Catalog).Violation);
        Assert.Null(ProducerRules.CheckNew(Agency(r => r with { Npn = "1" }), Catalog).Violation);
        Assert.Null(ProducerRules.CheckNew(Agency(r => r with { Npn = "1234567890" }), Catalog).Violation);
    }

    [Fact]
    public void CheckNew_NamesTheFieldItRefuses()
    {
        AssertInvalid(ProducerRules.CheckNew(Agency(r => r with { Type = null }), Catalog).Violation, "type", "required");
        AssertInvalid(ProducerRules.CheckNew(Agency(r => r with { Type = "broker" }), Catalog).Violation, "type", "enum");
        AssertInvalid(ProducerRules.CheckNew(Agency(r => r with { Name = " " }), Catalog).Violation, "name", "required");
        AssertInvalid(ProducerRules.CheckNew(Agency(r => r with { Name = new string('n', ProducerRules.MaxName + 1) }), Catalog).Violation, "name", "max_length");
        AssertInvalid(ProducerRules.CheckNew(Agency(r => r with { Email = "not-an-email" }), Catalog).Violation, "email", "format");
        AssertInvalid(ProducerRules.CheckNew(Agency(r => r with { Email = "Ana <ana@example.com>" }), Catalog).Violation, "email", "format");
        AssertInvalid(ProducerRules.CheckNew(Agency(r => r with { Npn = "12345678901" }), Catalog).Violation, "npn", "format");
        AssertInvalid(ProducerRules.CheckNew(Agency(r => r with { Npn = "12a4" }), Catalog).Violation, "npn", "format");
        AssertInvalid(ProducerRules.CheckNew(Agency(r => r with { Npn = "" }), Catalog).Violation, "npn", "format");
        AssertInvalid(ProducerRules.CheckNew(Agency(r => r with { AgencyId = AgencyId }), Catalog).Violation, "agencyId", "not_applicable");
        AssertInvalid(ProducerRules.CheckNew(Agency(r => r with { PartnerAgencyId = new string('p', 101) }), Catalog).Violation, "partnerAgencyId", "max_length");
        AssertInvalid(ProducerRules.CheckNew(Agent(r => r with { AgencyId = null }), Catalog).Violation, "agencyId", "required");
        AssertInvalid(ProducerRules.CheckNew(Agent(r => r with { AgencyId = "agency-1" }), Catalog).Violation, "agencyId", "not_found");
        AssertInvalid(ProducerRules.CheckNew(Agent(r => r with { PartnerAgencyId = "ls-42" }), Catalog).Violation, "partnerAgencyId", "not_applicable");
    }

    [Fact]
    public void Licenses_AreOnePerUsState_WithKnownLines_AndEveryField()
    {
        AssertInvalid(ProducerRules.Licenses([License("ZZ")], Catalog).Violation, "licenses[0].state", "format");
        AssertInvalid(ProducerRules.Licenses([License("Texas")], Catalog).Violation, "licenses[0].state", "format");
        AssertInvalid(ProducerRules.Licenses([License(" ")], Catalog).Violation, "licenses[0].state", "required");
        AssertInvalid(ProducerRules.Licenses([License("TX"), License("tx", number: "TX-2")], Catalog).Violation, "licenses[1].state", "duplicate");
        AssertInvalid(ProducerRules.Licenses([License(number: "")], Catalog).Violation, "licenses[0].number", "required");
        AssertInvalid(ProducerRules.Licenses([License(number: new string('9', ProducerRules.MaxLicenseNumber + 1))], Catalog).Violation, "licenses[0].number", "max_length");
        AssertInvalid(ProducerRules.Licenses([License(lines: [])], Catalog).Violation, "licenses[0].linesOfBusiness", "required");
        var unknown = ProducerRules.Licenses([License("CA"), License(lines: ["GL", "WC"])], Catalog).Violation;
        AssertInvalid(unknown, "licenses[1].linesOfBusiness", "not_in_catalog");
        Assert.Contains("GL, dinosure", unknown!.Message);
        AssertInvalid(ProducerRules.Licenses([License(expiresOn: new DateOnly(1899, 12, 31))], Catalog).Violation, "licenses[0].expiresOn", "range");
        AssertInvalid(ProducerRules.Licenses(Enumerable.Range(0, ProducerRules.MaxLicenses + 1).Select(_ => License()).ToList(), Catalog).Violation, "licenses", "max_items");
        // Every licensing jurisdiction: the states, DC and the territories.
        Assert.Null(ProducerRules.Licenses(new[] { "DC", "PR", "VI", "GU", "AS", "MP", "WY", "AK" }.Select(s => License(s)).ToList(), Catalog).Violation);
    }

    [Fact]
    public void CheckAgency_NeedsAnAgencyOfTheTenant_NotTerminated()
    {
        AssertInvalid(ProducerRules.CheckAgency(AgencyId, null), "agencyId", "not_found");
        var agency = Info(AgencyId, Stored(Agency()));
        Assert.Null(ProducerRules.CheckAgency(AgencyId, agency));
        Assert.Null(ProducerRules.CheckAgency(AgencyId, agency with { Status = ProducerStatuses.Suspended }));
        AssertInvalid(ProducerRules.CheckAgency(AgencyId, agency with { Type = ProducerTypes.Agent }), "agencyId", "not_agency");
        var terminated = ProducerRules.CheckAgency(AgencyId, agency with { Status = ProducerStatuses.Terminated })!;
        Assert.Equal((ErrorCodes.BusinessRuleViolation, "agency_terminated"), (terminated.Code, terminated.Details!["rule"]));
    }

    // ---- Updating and the lifecycle ----

    [Theory]
    [InlineData("active", "suspended", true)]
    [InlineData("active", "terminated", true)]
    [InlineData("suspended", "active", true)]
    [InlineData("suspended", "terminated", true)]
    [InlineData("terminated", "active", false)]
    [InlineData("terminated", "suspended", false)]
    [InlineData("active", "active", true)]
    public void Update_MovesTheStatusOnlyAsTheLifecycleAllows(string from, string to, bool allowed)
    {
        var state = Stored(Agency());
        state.Status = from;
        var decided = ProducerRules.Update(state, AgencyId, Patch(to), Catalog);
        if (allowed)
        {
            Assert.Null(decided.Violation);
            ProducerRules.Apply(state, decided.Facts!, Now);
            Assert.Equal(to, state.Status);
        }
        else
        {
            Assert.Equal((ErrorCodes.InvalidStateTransition, from, to), (decided.Violation!.Code, decided.Violation.Details!["from"], decided.Violation.Details["to"]));
            Assert.Contains("final", decided.Violation.Message);
        }
        Assert.Equal(allowed, ProducerLifecycle.Allows(from, to));
    }

    [Fact]
    public void TheLifecycleTable_EndsAtTerminated()
    {
        Assert.Equal(4, ProducerLifecycle.All.Count());
        Assert.DoesNotContain(ProducerLifecycle.All, t => t.From == ProducerStatuses.Terminated);
        Assert.Throws<InvalidOperationException>(() => ProducerLifecycle.Move(ProducerStatuses.Terminated, ProducerStatuses.Active));
    }

    [Fact]
    public void Update_ChangesOnlyTheFieldsSent_AndLicensesReplaceTheList()
    {
        var state = Stored(Agency(r => r with { Licenses = [License("TX"), License("CA", number: "CA-1")] }));
        var decided = ProducerRules.Update(state, AgencyId, new ProducerPatch(" Lone Star Group ", "NEW@lonestar.example", null, "ls-43", null, [License("ny", number: "NY-1")], By), Catalog);
        Assert.Null(decided.Violation);
        var profile = decided.Facts!;
        Assert.Equal(("Lone Star Group", "NEW@lonestar.example", "1234567", "ls-43", ProducerStatuses.Active), (profile.Name, profile.Email, profile.Npn, profile.PartnerAgencyId, profile.Status));
        Assert.Equal(["NY"], profile.Licenses.Select(l => l.State));
        Assert.True(ProducerRules.Changes(state, profile));

        var nothing = ProducerRules.Update(state, AgencyId, Patch(licenses: [License("TX"), License("CA", number: "CA-1")]), Catalog).Facts!;
        Assert.False(ProducerRules.Changes(state, nothing));
        Assert.Empty(ProducerRules.Update(state, AgencyId, Patch(licenses: []), Catalog).Facts!.Licenses);
    }

    [Fact]
    public void Update_RefusesBadFields_AndATerminatedProducersChanges()
    {
        var agency = Stored(Agency());
        AssertInvalid(ProducerRules.Update(agency, AgencyId, Patch("retired"), Catalog).Violation, "status", "enum");
        AssertInvalid(ProducerRules.Update(agency, AgencyId, Patch(name: ""), Catalog).Violation, "name", "required");
        AssertInvalid(ProducerRules.Update(agency, AgencyId, Patch(licenses: [License("XX")]), Catalog).Violation, "licenses[0].state", "format");
        AssertInvalid(ProducerRules.Update(agency, AgencyId, new ProducerPatch(null, "nope", null, null, null, null, By), Catalog).Violation, "email", "format");
        var agent = Stored(Agent());
        AssertInvalid(ProducerRules.Update(agent, AgentId, new ProducerPatch(null, null, null, "ls-1", null, null, By), Catalog).Violation, "partnerAgencyId", "not_applicable");

        agency.Status = ProducerStatuses.Terminated;
        var renamed = ProducerRules.Update(agency, AgencyId, Patch(name: "Another"), Catalog).Violation!;
        Assert.Equal((ErrorCodes.BusinessRuleViolation, "producer_terminated"), (renamed.Code, renamed.Details!["rule"]));
        // Saying again what it is changes nothing, so it is no refusal.
        Assert.Null(ProducerRules.Update(agency, AgencyId, Patch(ProducerStatuses.Terminated), Catalog).Violation);
    }

    // ---- Appointments ----

    [Fact]
    public void Appoint_NeedsALicenseForTheStateAndLine_UnexpiredOnTheEffectiveDate()
    {
        var state = Stored(Agency(r => r with { Licenses = [License("TX", ["GL"], new DateOnly(2027, 3, 31), "TX-77")] }));
        RuleViolation Refused(string lineState, string line, DateOnly from)
        {
            var violation = ProducerRules.Appoint(state, AgencyId, new NewAppointment(lineState, line, from, By), Catalog, "apt_x", Now).Violation!;
            Assert.Equal((ErrorCodes.BusinessRuleViolation, "license_required"), (violation.Code, violation.Details!["rule"]));
            return violation;
        }
        Assert.Contains("holds no CA license", Refused("CA", "GL", Today).Message);
        Assert.Contains("TX-77, which does not cover dinosure", Refused("TX", "dinosure", Today).Message);
        var expired = Refused("TX", "GL", new DateOnly(2027, 4, 1));
        Assert.Contains("expired on 2027-03-31", expired.Message);
        Assert.Equal(("TX", "GL", "2027-04-01"), (expired.Details!["state"], expired.Details["lineOfBusiness"], expired.Details["effectiveDate"]));

        // Good through its expiry date; the state and line are normalized.
        var appointment = ProducerRules.Appoint(state, AgencyId, new NewAppointment(" tx", "gl", new DateOnly(2027, 3, 31), By), Catalog, "apt_1", Now).Facts!;
        Assert.Equal(("apt_1", AgencyId, "TX", "GL", AppointmentStatuses.Active, Now), (appointment.Id, appointment.ProducerId, appointment.State, appointment.LineOfBusiness, appointment.Status, appointment.CreatedAt));
    }

    [Fact]
    public void Appoint_RefusesBadFields_ADuplicate_AndATerminatedProducer()
    {
        var state = Stored(Agency());
        Decision<ProducerAppointment> Appoint(string? lineState, string? line, DateOnly? from) =>
            ProducerRules.Appoint(state, AgencyId, new NewAppointment(lineState, line, from, By), Catalog, Ids.New(IdPrefixes.Appointment), Now);
        AssertInvalid(Appoint(null, "GL", Today).Violation, "state", "required");
        AssertInvalid(Appoint("Tex", "GL", Today).Violation, "state", "format");
        AssertInvalid(Appoint("TX", null, Today).Violation, "lineOfBusiness", "required");
        AssertInvalid(Appoint("TX", "WC", Today).Violation, "lineOfBusiness", "not_in_catalog");
        AssertInvalid(Appoint("TX", "GL", null).Violation, "effectiveDate", "required");
        AssertInvalid(Appoint("TX", "GL", Today.AddMonths(ProducerRules.MaxAppointmentLeadMonths).AddDays(1)).Violation, "effectiveDate", "range");

        var held = Appointed(state, AgencyId);
        var duplicate = Appoint("TX", "GL", Today.AddDays(3)).Violation!;
        Assert.Equal((ErrorCodes.Conflict, held.Id), (duplicate.Code, duplicate.Details!["appointmentId"]));

        state.Status = ProducerStatuses.Terminated;
        Assert.Equal("producer_terminated", Appoint("TX", "GL", Today).Violation!.Details!["rule"]);
    }

    [Fact]
    public void UpdateAppointment_Terminates_AndReactivatesOnlyWithACurrentLicense()
    {
        var state = Stored(Agency(r => r with { Licenses = [License("TX", ["GL"], new DateOnly(2026, 12, 31))] }));
        var appointment = Appointed(state, AgencyId);
        Decision<ProducerAppointment> Move(string? status, DateTimeOffset? at = null) =>
            ProducerRules.UpdateAppointment(state, AgencyId, appointment.Id, status, at ?? Now);

        Assert.Equal(ErrorCodes.NotFound, ProducerRules.UpdateAppointment(state, AgencyId, "apt_other", "terminated", Now).Violation!.Code);
        AssertInvalid(Move(null).Violation, "status", "required");
        AssertInvalid(Move("paused").Violation, "status", "enum");
        Assert.Same(state.Appointments[0], Move(AppointmentStatuses.Active).Facts);

        var later = Now.AddDays(1);
        var terminated = Move(AppointmentStatuses.Terminated, later).Facts!;
        Assert.Equal((AppointmentStatuses.Terminated, later), (terminated.Status, terminated.UpdatedAt));
        ProducerRules.Replace(state, terminated);
        Assert.Equal(AppointmentStatuses.Terminated, state.Appointments.Single().Status);

        // Back to active as of today: the license must still be good today.
        var afterExpiry = new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero);
        Assert.Contains("expired on 2026-12-31", Move(AppointmentStatuses.Active, afterExpiry).Violation!.Message);
        var again = Move(AppointmentStatuses.Active, later).Facts!;
        Assert.Equal(AppointmentStatuses.Active, again.Status);

        // Not while another appointment for the same state and line is active.
        var replacement = Appointed(state, AgencyId);
        Assert.Equal((ErrorCodes.Conflict, replacement.Id), (Move(AppointmentStatuses.Active).Violation!.Code, Move(AppointmentStatuses.Active).Violation!.Details!["appointmentId"]));
    }

    // ---- Authority ----

    /// <summary>An agency and one of its agents, neither licensed nor appointed.</summary>
    private static (ProducerState Agency, ProducerState Agent) Pair() =>
        (Stored(Agency(r => r with { Licenses = null })), Stored(Agent()));

    private static IReadOnlyList<string> Authority(ProducerState agent, ProducerState? agency, DateOnly? on = null, string state = "TX", string line = "GL") =>
        ProducerRules.Authority(Info(AgentId, agent), agency is null ? null : Info(AgencyId, agency), state, line, on ?? Today);

    [Fact]
    public void Authority_AnAgentIsCoveredByItsOwnLicenseAndAppointment()
    {
        var (agency, agent) = Pair();
        agent.Licenses = [License()];
        Appointed(agent, AgentId);
        Assert.Empty(Authority(agent, agency));
        Assert.NotEmpty(Authority(agent, agency, state: "CA"));
        Assert.NotEmpty(Authority(agent, agency, line: "dinosure"));
    }

    [Fact]
    public void Authority_AnAgentIsCoveredByItsAgencysLicenseAndAppointment()
    {
        var (agency, agent) = Pair();
        agency.Licenses = [License()];
        Appointed(agency, AgencyId);
        Assert.Empty(Authority(agent, agency));
        // An agency places its own business on the same terms.
        Assert.Empty(ProducerRules.Authority(Info(AgencyId, agency), null, "TX", "GL", Today));
    }

    [Fact]
    public void Authority_WithNeitherCovered_NamesWhatEachLacks()
    {
        var (agency, agent) = Pair();
        var missing = Authority(agent, agency);
        Assert.Equal(
        [
            $"agent {AgentId} holds no TX license (needed for GL on 2026-11-01)",
            $"agent {AgentId} has no appointment for GL in TX",
            $"agency {AgencyId} holds no TX license (needed for GL on 2026-11-01)",
            $"agency {AgencyId} has no appointment for GL in TX",
        ], missing);

        // Half of what is needed each is not cover: the license and appointment must be held together.
        agent.Licenses = [License()];
        agency.Licenses = [License(lines: ["dinosure"])];
        agency.Appointments.Add(new ProducerAppointment("apt_agency", AgencyId, "TX", "GL", Today, AppointmentStatuses.Active, Now, Now));
        Assert.Equal(
        [
            $"agent {AgentId} has no appointment for GL in TX",
            $"agency {AgencyId} holds TX license TX-1, which does not cover GL",
        ], Authority(agent, agency));
    }

    [Fact]
    public void Authority_CountsOnlyUnexpiredLicenses_AndActiveAppointmentsInEffect()
    {
        var (agency, agent) = Pair();
        agent.Licenses = [License(expiresOn: new DateOnly(2027, 1, 31))];
        var appointment = Appointed(agent, AgentId, from: new DateOnly(2026, 12, 1));
        Assert.Empty(Authority(agent, agency, new DateOnly(2027, 1, 31)));
        Assert.Contains($"agent {AgentId} holds TX license TX-1, which expired on 2027-01-31 (before 2027-02-01)", Authority(agent, agency, new DateOnly(2027, 2, 1)));
        Assert.Contains($"agent {AgentId} is appointed for GL in TX only from 2026-12-01 (appointment {appointment.Id}), after 2026-11-30",
            Authority(agent, agency, new DateOnly(2026, 11, 30)));

        ProducerRules.Replace(agent, appointment with { Status = AppointmentStatuses.Terminated });
        Assert.Contains($"agent {AgentId} has no active appointment for GL in TX (appointment {appointment.Id} is terminated)",
            Authority(agent, agency, new DateOnly(2026, 12, 15)));
    }

    [Theory]
    [InlineData("suspended", "active", "agent {agent} is suspended")]
    [InlineData("terminated", "active", "agent {agent} is terminated")]
    [InlineData("active", "suspended", "agency {agency} is suspended")]
    [InlineData("active", "terminated", "agency {agency} is terminated")]
    public void Authority_ASuspendedOrTerminatedAgentOrAgency_MayNotPlace_EvenWhenLicensedAndAppointed(string agentStatus, string agencyStatus, string finding)
    {
        var (agency, agent) = Pair();
        agent.Licenses = [License()];
        Appointed(agent, AgentId);
        agency.Licenses = [License()];
        Appointed(agency, AgencyId);
        agent.Status = agentStatus;
        agency.Status = agencyStatus;
        Assert.Equal([finding.Replace("{agent}", AgentId).Replace("{agency}", AgencyId)], Authority(agent, agency));
    }

    [Fact]
    public void Authority_AnAgentWhoseAgencyIsGone_IsNotCoveredByIt()
    {
        var (_, agent) = Pair();
        agent.Licenses = [License()];
        Appointed(agent, AgentId);
        Assert.Equal([$"agency {AgencyId} of agent {AgentId} was not found"], Authority(agent, null));
    }
}
