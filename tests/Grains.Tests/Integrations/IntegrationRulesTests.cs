using Insure.Grains.Integrations;

namespace Insure.Grains.Tests.Integrations;

public sealed class IntegrationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const string AgencyA = "prd_01KAAAAAAAAAAAAAAAAAAAAAAA";
    private const string AgencyB = "prd_01KBBBBBBBBBBBBBBBBBBBBBBB";
    private const string AgencyC = "prd_01KCCCCCCCCCCCCCCCCCCCCCCC";

    private static readonly IntegrationAgency[] Reached =
    [
        new(AgencyA, "refA", Now),
        new(AgencyB, "refB", Now),
    ];

    private static ProducerInfo Agent(string id, string agencyId, string email, int minute = 0) => new(
        id, ProducerTypes.Agent, "Agent " + id[^1], email, null, agencyId, null, ProducerStatuses.Active, [], [],
        Now.AddMinutes(minute), Now.AddMinutes(minute), Actor.Platform);

    private static ProducerInfo Agency(string id, string status = ProducerStatuses.Active) => new(
        id, ProducerTypes.Agency, "Agency", null, null, null, null, status, [], [], Now, Now, Actor.Platform);

    private static Decision<TokenTarget> Resolve(
        AgencyTokenRequest request, IReadOnlyCollection<string>? partner = null, ProducerInfo? agent = null, IReadOnlyList<ProducerInfo>? byEmail = null) =>
        IntegrationRules.Resolve(Reached, request, partner ?? [], agent, byEmail ?? []);

    [Fact]
    public void Resolve_WithNoParameter_IsNotFound_NoParametersProvided()
    {
        var refused = Resolve(new AgencyTokenRequest(null, null, null, null)).Violation!;
        Assert.Equal(ErrorCodes.NotFound, refused.Code);
        Assert.Equal("No parameters provided", refused.Message);
    }

    [Fact]
    public void Resolve_ByTokenReference_NamesItsAgency_AndAnUnknownOneIsNotFound()
    {
        var target = Resolve(new AgencyTokenRequest(null, null, null, "refB")).Facts!;
        Assert.Equal([AgencyB], target.Agencies.Select(a => a.AgencyId));
        Assert.Null(target.AgentId);
        Assert.Equal(ErrorCodes.NotFound, Resolve(new AgencyTokenRequest(null, null, null, "nope")).Violation!.Code);
    }

    [Fact]
    public void Resolve_ByPartnerAgencyId_KeepsOnlyReachedAgencies_AndMayLeaveSeveral()
    {
        Assert.Equal([AgencyA], Resolve(new AgencyTokenRequest(null, null, "P-1", null), [AgencyA, AgencyC]).Facts!.Agencies.Select(a => a.AgencyId));
        Assert.Equal(2, Resolve(new AgencyTokenRequest(null, null, "P-1", null), [AgencyA, AgencyB]).Facts!.Agencies.Count);
        Assert.Equal(ErrorCodes.NotFound, Resolve(new AgencyTokenRequest(null, null, "P-1", null), [AgencyC]).Violation!.Code);
    }

    [Fact]
    public void Resolve_ByAgentEmail_InTwoReachedAgencies_LeavesBoth_WithoutAnAgent_UntilNarrowed()
    {
        var agents = new[] { Agent("prd_01KAGENTAAAAAAAAAAAAAAAAA1", AgencyA, "jo@example.com"), Agent("prd_01KAGENTBBBBBBBBBBBBBBBB2", AgencyB, "jo@example.com") };
        var both = Resolve(new AgencyTokenRequest("Jo@Example.com", null, null, null), byEmail: agents).Facts!;
        Assert.Equal(2, both.Agencies.Count);
        Assert.Null(both.AgentId);

        var one = Resolve(new AgencyTokenRequest("jo@example.com", null, null, "refB"), byEmail: agents).Facts!;
        Assert.Equal([AgencyB], one.Agencies.Select(a => a.AgencyId));
        Assert.Equal(agents[1].Id, one.AgentId);
    }

    [Fact]
    public void Resolve_ByAgentEmail_NobodyOrNobodyReached_IsNotFound()
    {
        Assert.Equal(ErrorCodes.NotFound, Resolve(new AgencyTokenRequest("x@example.com", null, null, null)).Violation!.Code);
        var elsewhere = new[] { Agent("prd_01KAGENTCCCCCCCCCCCCCCCCC3", AgencyC, "x@example.com") };
        Assert.Equal(ErrorCodes.NotFound, Resolve(new AgencyTokenRequest("x@example.com", null, null, null), byEmail: elsewhere).Violation!.Code);
    }

    [Fact]
    public void Resolve_ByAgentId_NamesTheAgentsAgency_AndAnAgentOfAnotherAgencyIsNotFound()
    {
        var agent = Agent("prd_01KAGENTAAAAAAAAAAAAAAAAA1", AgencyA, "jo@example.com");
        var target = Resolve(new AgencyTokenRequest(null, agent.Id, null, null), agent: agent).Facts!;
        Assert.Equal([AgencyA], target.Agencies.Select(a => a.AgencyId));
        Assert.Equal(agent.Id, target.AgentId);

        var mismatch = Resolve(new AgencyTokenRequest(null, agent.Id, null, "refB"), agent: agent).Violation!;
        Assert.Equal(ErrorCodes.NotFound, mismatch.Code);
        Assert.Contains("does not belong", mismatch.Message);
        Assert.Equal(ErrorCodes.NotFound, Resolve(new AgencyTokenRequest(null, agent.Id, null, null)).Violation!.Code);
        Assert.Equal(ErrorCodes.NotFound, Resolve(new AgencyTokenRequest(null, AgencyA, null, null), agent: Agency(AgencyA)).Violation!.Code);
        Assert.Equal(ErrorCodes.NotFound, Resolve(new AgencyTokenRequest("other@example.com", agent.Id, null, null), agent: agent).Violation!.Code);
    }

    [Fact]
    public void Standing_RefusesInactiveAgenciesAndAgents()
    {
        Assert.Null(IntegrationRules.Standing(Agency(AgencyA), null));
        Assert.Equal("agency_not_active", IntegrationRules.Standing(Agency(AgencyA, ProducerStatuses.Suspended), null)!.Details!["rule"]);
        var suspended = Agent("prd_01KAGENTAAAAAAAAAAAAAAAAA1", AgencyA, "jo@example.com") with { Status = ProducerStatuses.Terminated };
        Assert.Equal("agent_not_active", IntegrationRules.Standing(Agency(AgencyA), suspended)!.Details!["rule"]);
    }

    [Fact]
    public void Scopes_RefuseStarCredentialResourcesAndUnknowns_AndWhatTheCreatorLacks()
    {
        Assert.Equal(["submissions:write", "policies:read"],
            IntegrationRules.Scopes(["submissions:write", "policies:read", "submissions:write"], ["*"]).Facts!);
        Assert.Equal("scopes", IntegrationRules.Scopes([], ["*"]).Violation!.Details!["field"]);
        foreach (var refused in new[] { "*", "api_keys:read", "integrations:write" })
        {
            var violation = IntegrationRules.Scopes(["policies:read", refused], ["*"]).Violation!;
            Assert.Equal(("scopes[1]", "not_allowed"), (violation.Details!["field"], violation.Details["rule"]));
        }
        Assert.Equal("format", IntegrationRules.Scopes(["boats:write"], ["*"]).Violation!.Details!["rule"]);
        var lacking = IntegrationRules.Scopes(["claims:write"], ["integrations:write", "claims:read"]).Violation!;
        Assert.Equal(ErrorCodes.Forbidden, lacking.Code);
        Assert.Null(IntegrationRules.Scopes(["claims:read"], ["integrations:write", "claims:write"]).Violation);
    }

    [Fact]
    public void AgencyIds_MustBeProducerIds_AtMostAHundred_EachOnce()
    {
        Assert.Equal([AgencyA], IntegrationRules.AgencyIds([AgencyA, AgencyA]).Facts!);
        Assert.Equal("agencyIds[1]", IntegrationRules.AgencyIds([AgencyA, "pol_01KAAAAAAAAAAAAAAAAAAAAAAA"]).Violation!.Details!["field"]);
        Assert.Equal("max_items", IntegrationRules.AgencyIds(Enumerable.Repeat(AgencyA, 101).ToArray()).Violation!.Details!["rule"]);
        Assert.Equal("agencyIds[0]", IntegrationRules.Agency("agencyIds[0]", AgencyA, Agent("prd_01KAGENTAAAAAAAAAAAAAAAAA1", AgencyA, "a@b.c"))!.Details!["field"]);
        Assert.Null(IntegrationRules.Agency("agencyId", AgencyA, Agency(AgencyA)));
    }

    [Fact]
    public void TokenReferences_AreRandomAndLong()
    {
        var references = Enumerable.Range(0, 100).Select(_ => IntegrationRules.NewTokenReference()).ToHashSet();
        Assert.Equal(100, references.Count);
        Assert.All(references, r => Assert.Matches("^[0-9A-Za-z]{24}$", r));
    }
}
