using System.Security.Cryptography;
using Insure.Grains.Events;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Integrations;

/// <summary>
/// An integration: load, decide (<see cref="IntegrationRules"/>), apply, commit. It answers on every request made with
/// its key or one of its agency tokens from the activation's memory, so authenticating never writes.
/// </summary>
internal sealed class IntegrationGrain(
    [PersistentState("integration", Names.Storage)] IPersistentState<IntegrationState> state,
    IQueryStore queries,
    TenantClocks clocks,
    ILogger<IntegrationGrain> logger)
    : TenantGrain<IntegrationState>(state, queries, clocks, logger), IIntegrationGrain
{
    private readonly IQueryStore _queries = queries;

    public async Task<Outcome<IntegrationInfo>> Create(NewIntegration request)
    {
        if (Persisted.RecordExists)
        {
            return RuleViolation.Conflict($"Integration {EntityId} already exists");
        }
        var scopes = IntegrationRules.Scopes(request.Scopes, request.CreatorScopes);
        if (scopes.Violation is { } badScopes)
        {
            return badScopes;
        }
        var agencyIds = IntegrationRules.AgencyIds(request.AgencyIds);
        if (agencyIds.Violation is { } badIds)
        {
            return badIds;
        }
        var ids = agencyIds.Facts!;
        var producers = await Task.WhenAll(ids.Select(id => Grains.Get<IProducerGrain>(id).Get()));
        for (var i = 0; i < ids.Length; i++)
        {
            if (IntegrationRules.Agency($"agencyIds[{Array.IndexOf(request.AgencyIds, ids[i])}]", ids[i], producers[i]) is { } notAgency)
            {
                return notAgency;
            }
        }
        var now = Time.GetUtcNow();
        State.Name = request.Name;
        State.Scopes = scopes.Facts!;
        State.SecretHash = request.SecretHash;
        State.Last4 = request.Last4;
        State.KeyGeneration = 1;
        State.Agencies = ids.Select(id => new IntegrationAgency(id, IntegrationRules.NewTokenReference(), now)).ToList();
        State.CreatedAt = State.UpdatedAt = now;
        State.CreatedBy = request.CreatedBy;
        await Commit();
        return ToInfo();
    }

    public Task<IntegrationInfo?> Get() => Task.FromResult(Exists() ? ToInfo() : null);

    public async Task<Outcome<IntegrationInfo>> AddAgency(string agencyId, Actor by, string[] callerScopes)
    {
        if (!Exists())
        {
            return Outcome<IntegrationInfo>.NotFound;
        }
        if (IntegrationRules.Covered(State.Scopes, callerScopes) is { } lacking)
        {
            return lacking;
        }
        if (State.Agencies.Any(a => a.AgencyId == agencyId))
        {
            return ToInfo();
        }
        if (IntegrationRules.Room(State.Agencies.Count) is { } full)
        {
            return full;
        }
        var producer = Ids.IsValid(IdPrefixes.Producer, agencyId) ? await Grains.Get<IProducerGrain>(agencyId).Get() : null;
        if (IntegrationRules.Agency("agencyId", agencyId, producer) is { } notAgency)
        {
            return notAgency;
        }
        var now = Time.GetUtcNow();
        State.Agencies.Add(new IntegrationAgency(agencyId, IntegrationRules.NewTokenReference(), now));
        State.UpdatedAt = now;
        await Commit();
        return ToInfo();
    }

    public async Task<Outcome<IntegrationInfo>> RemoveAgency(string agencyId, Actor by)
    {
        if (!Exists())
        {
            return Outcome<IntegrationInfo>.NotFound;
        }
        if (State.Agencies.RemoveAll(a => a.AgencyId == agencyId) == 0)
        {
            // Perhaps a retry of a removal whose telling failed: tell again (nodes forgetting twice is harmless).
            await TellNodes();
            return new RuleViolation(ErrorCodes.NotFound, $"Integration {EntityId} does not reach agency {agencyId}");
        }
        State.UpdatedAt = Time.GetUtcNow();
        await Commit();
        await TellNodes();
        return ToInfo();
    }

    public async Task<Outcome<IntegrationInfo>> RotateKey(byte[] secretHash, string last4, Actor by, string[] callerScopes)
    {
        if (!Exists())
        {
            return Outcome<IntegrationInfo>.NotFound;
        }
        // The new key is shown to the caller: it must hold whatever the integration's tokens may do.
        if (IntegrationRules.Covered(State.Scopes, callerScopes) is { } lacking)
        {
            return lacking;
        }
        var now = Time.GetUtcNow();
        State.SecretHash = secretHash;
        State.Last4 = last4;
        State.KeyGeneration++;
        State.KeyRotatedAt = State.UpdatedAt = now;
        await Commit();
        await TellNodes();
        return ToInfo();
    }

    /// <summary>Every Api node forgets the tokens it found valid through this integration, before the change answers.</summary>
    private Task TellNodes() => GrainFactory.GetGrain<IAccessChangesGrain>(0).Revoked(this.GetPrimaryKeyString());

    public Task<IntegrationKeyCheck> Authenticate(byte[] secretHash) =>
        Task.FromResult(Exists() && CryptographicOperations.FixedTimeEquals(secretHash, State.SecretHash)
            ? new IntegrationKeyCheck(true, State.KeyGeneration)
            : IntegrationKeyCheck.Invalid);

    public async Task<Outcome<AgencyTokenResolution>> ResolveToken(AgencyTokenRequest request, long keyGeneration)
    {
        if (!Exists() || keyGeneration != State.KeyGeneration)
        {
            // Rotated between authenticating the request and now.
            return new RuleViolation(ErrorCodes.Unauthorized, "This integration secret key has been rotated");
        }
        var tenant = Tenant.ToString();
        var partnerMatches = request.PartnerAgencyId is { } partnerAgencyId
            ? (await Producers(tenant, ProducerTypes.Agency, "partnerAgencyId", partnerAgencyId)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal)
            : [];
        var agent = request.AgentId is { } agentId && Ids.IsValid(IdPrefixes.Producer, agentId)
            ? await Grains.Get<IProducerGrain>(agentId).Get()
            : null;
        var agentsWithEmail = request.AgentEmail is { } email && request.AgentId is null
            ? await Producers(tenant, ProducerTypes.Agent, "email", IntegrationRules.EmailKey(email))
            : [];
        var resolved = IntegrationRules.Resolve(State.Agencies, request, partnerMatches, agent, agentsWithEmail);
        if (resolved.Violation is { } notFound)
        {
            return notFound;
        }
        var target = resolved.Facts!;
        var agencies = await Task.WhenAll(target.Agencies.Select(a => Grains.Get<IProducerGrain>(a.AgencyId).Get()));
        if (target.Agencies.Count > 1)
        {
            var choices = target.Agencies.Select((a, i) => new TokenReferenceChoice(
                agencies[i]?.Name ?? "", agencies[i]?.PartnerAgencyId ?? "", State.Name, a.TokenReference)).ToList();
            return new AgencyTokenResolution(null, choices);
        }
        var reached = target.Agencies[0];
        if (agencies[0] is not { } agency)
        {
            return new RuleViolation(ErrorCodes.NotFound, $"Agency {reached.AgencyId} not found");
        }
        var tokenAgent = target.AgentId is null ? null
            : agent?.Id == target.AgentId ? agent
            : agentsWithEmail.First(a => a.Id == target.AgentId);
        if (IntegrationRules.Standing(agency, tokenAgent) is { } inactive)
        {
            return inactive;
        }
        var generation = await Grains.Get<IAgencyTokensGrain>(agency.Id).Generation();
        return new AgencyTokenResolution(
            new AgencyTokenGrant(EntityId, reached.TokenReference, agency.Id, target.AgentId, State.KeyGeneration, generation), []);
    }

    public Task<IntegrationTokenCheck> CheckToken(string tokenReference, string agencyId, long keyGeneration)
    {
        if (!Persisted.RecordExists)
        {
            return Task.FromResult(IntegrationTokenCheck.Unknown);
        }
        var stands = keyGeneration == State.KeyGeneration
            && State.Agencies.Any(a => a.TokenReference == tokenReference && a.AgencyId == agencyId);
        return Task.FromResult(new IntegrationTokenCheck(stands ? ApiKeyStatus.Valid : ApiKeyStatus.Revoked, stands ? State.Scopes : []));
    }

    /// <summary>The tenant's producers of <paramref name="type"/> whose <paramref name="tag"/> is <paramref name="value"/>, from the query store.</summary>
    private async Task<IReadOnlyList<ProducerInfo>> Producers(string tenant, string type, string tag, string value)
    {
        var page = await _queries.List(QueryKinds.Producer, tenant,
            new QueryFilter(new Dictionary<string, string> { ["type"] = type, [tag] = value }), 1, 100);
        return page.Documents.Select(InsureJson.Deserialize<ProducerInfo>).ToList();
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            yield return Summary(QueryKinds.Integration, State.CreatedAt, new Dictionary<string, string>(), ToInfo());
        }
    }

    private IntegrationInfo ToInfo() => new(
        EntityId, Tenant.OrgId, Tenant.Environment, State.Name, State.Scopes, IntegrationKeyFormat.PrefixFor(Tenant.Environment),
        State.Last4, State.Agencies.ToList(), State.CreatedAt, State.UpdatedAt, State.KeyRotatedAt, State.CreatedBy!);
}
