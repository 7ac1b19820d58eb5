using System.Security.Cryptography;

namespace Insure.Grains.Integrations;

/// <summary>
/// Every decision about integrations, as pure functions: what scopes an integration's tokens may hold, which agencies
/// it may reach, and which agency (and agent) a Create token request names.
/// </summary>
internal static class IntegrationRules
{
    /// <summary>Agencies one request may name, and agencies one integration may reach.</summary>
    public const int MaxAgenciesPerRequest = 100;
    public const int MaxAgencies = 1000;
    public const string NoParameters = "No parameters provided";

    /// <summary>
    /// Resources an agency token never acts on, whatever its integration says: it acts for one agency, and managing the
    /// organization's credentials is the organization's own business.
    /// </summary>
    private static readonly string[] NeverGranted = ["api_keys", "integrations"];

    private const string ReferenceAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// The scopes an integration's tokens get: at least one, each a known `resource:read|write` or action, never `*` nor a
    /// credential resource, and each held by the key asking (a key cannot hand out what it lacks). Each kept once.
    /// </summary>
    public static Decision<string[]> Scopes(string[] scopes, string[] creatorScopes)
    {
        if (scopes.Length == 0)
        {
            return RuleViolation.Invalid("scopes", "min_items", "scopes must name at least one scope, such as submissions:write");
        }
        for (var i = 0; i < scopes.Length; i++)
        {
            var scope = scopes[i];
            if (scope == "*" || NeverGranted.Any(resource => scope.StartsWith(resource + ":", StringComparison.Ordinal)))
            {
                return RuleViolation.Invalid($"scopes[{i}]", "not_allowed",
                    $"An integration's tokens act for one agency, so they cannot hold \"{scope}\": name the resources they need (\"*\", api_keys and integrations scopes are not granted)");
            }
            if (!ApiScopes.IsValid(scope))
            {
                return RuleViolation.Invalid($"scopes[{i}]", "format",
                    $"Unknown scope \"{scope}\": use resource:read|write with a resource of {string.Join(", ", ApiScopes.Resources.Except(NeverGranted))}, or {string.Join(", ", ApiScopes.Actions)}");
            }
        }
        return Covered(scopes, creatorScopes) is { } lacking ? lacking : scopes.Distinct().ToArray();
    }

    /// <summary>A key that does not hold every scope of an integration cannot hand out what its tokens can do (403).</summary>
    public static RuleViolation? Covered(string[] integrationScopes, string[] callerScopes) =>
        integrationScopes.FirstOrDefault(scope => !callerScopes.Any(granted => ApiScopes.Covers(granted, scope))) is { } missing
            ? new RuleViolation(ErrorCodes.Forbidden, $"This key does not hold the scope {missing}, which the integration's tokens get")
            : null;

    /// <summary>The agency ids of a create request: at most <see cref="MaxAgenciesPerRequest"/>, each a `prd_` id; each kept once.</summary>
    public static Decision<string[]> AgencyIds(string[] agencyIds)
    {
        if (agencyIds.Length > MaxAgenciesPerRequest)
        {
            return RuleViolation.Invalid("agencyIds", "max_items", $"agencyIds may name at most {MaxAgenciesPerRequest} agencies; add more with POST /v1/integrations/{{id}}/agencies");
        }
        for (var i = 0; i < agencyIds.Length; i++)
        {
            if (!Ids.IsValid(IdPrefixes.Producer, agencyIds[i]))
            {
                return RuleViolation.Invalid($"agencyIds[{i}]", "format", $"agencyIds[{i}] must be an agency's prd_ id");
            }
        }
        return agencyIds.Distinct().ToArray();
    }

    /// <summary>An agency to reach must be a producer of type agency in the tenant (400 naming the field otherwise).</summary>
    public static RuleViolation? Agency(string field, string agencyId, ProducerInfo? producer) =>
        producer is { Type: ProducerTypes.Agency }
            ? null
            : RuleViolation.Invalid(field, "agency", $"{agencyId} is not an agency of this organization");

    /// <summary>One more agency fits, up to <see cref="MaxAgencies"/>.</summary>
    public static RuleViolation? Room(int reached) =>
        reached >= MaxAgencies
            ? RuleViolation.Business($"An integration reaches at most {MaxAgencies} agencies", "agencyId", "max_agencies")
            : null;

    /// <summary>A fresh token reference: 24 random letters and digits (about 143 bits), as Root's look.</summary>
    public static string NewTokenReference() => RandomNumberGenerator.GetString(ReferenceAlphabet, 24);

    /// <summary>
    /// Which of the integration's <paramref name="reached"/> agencies a Create token request names. Each parameter given
    /// narrows them: <c>tokenReference</c> to the agency it belongs to, <c>partnerAgencyId</c> to the agencies in
    /// <paramref name="partnerMatches"/>, <c>agentId</c> (<paramref name="agent"/>, null when there is no such agent) to
    /// the agent's agency, <c>agentEmail</c> to the agencies of the agents in <paramref name="agentsWithEmail"/>. No
    /// parameter, a value nothing has, or parameters that leave no agency: 404. One agency or more: the target.
    /// </summary>
    public static Decision<TokenTarget> Resolve(
        IReadOnlyList<IntegrationAgency> reached, AgencyTokenRequest request, IReadOnlyCollection<string> partnerMatches,
        ProducerInfo? agent, IReadOnlyList<ProducerInfo> agentsWithEmail)
    {
        if (request is { AgentEmail: null, AgentId: null, PartnerAgencyId: null, TokenReference: null })
        {
            return NotFound(NoParameters);
        }
        IReadOnlyList<IntegrationAgency> candidates = reached;
        var narrowed = false;
        if (request.TokenReference is { } reference)
        {
            candidates = candidates.Where(a => a.TokenReference == reference).ToList();
            if (candidates.Count == 0)
            {
                return NotFound($"No agency this integration reaches has the token reference {reference}");
            }
            narrowed = true;
        }
        if (request.PartnerAgencyId is { } partnerAgencyId)
        {
            candidates = candidates.Where(a => partnerMatches.Contains(a.AgencyId)).ToList();
            if (candidates.Count == 0)
            {
                return NotFound(narrowed
                    ? $"The agency named does not have the partner agency id {partnerAgencyId}"
                    : $"No agency this integration reaches has the partner agency id {partnerAgencyId}");
            }
            narrowed = true;
        }
        if (request.AgentId is { } agentId)
        {
            if (agent is not { Type: ProducerTypes.Agent } || (request.AgentEmail is { } email && !SameEmail(agent.Email, email)))
            {
                return NotFound(agent is { Type: ProducerTypes.Agent } ? $"Agent {agentId} does not have the email {request.AgentEmail}" : $"Agent {agentId} not found");
            }
            candidates = candidates.Where(a => a.AgencyId == agent.AgencyId).ToList();
            return candidates.Count == 0
                ? NotFound(narrowed
                    ? $"Agent {agentId} does not belong to the agency named"
                    : $"Agent {agentId} does not belong to an agency this integration reaches")
                : new TokenTarget(candidates, agent.Id);
        }
        if (request.AgentEmail is { } agentEmail)
        {
            var agents = agentsWithEmail.Where(a => a.Type == ProducerTypes.Agent && SameEmail(a.Email, agentEmail)).ToList();
            if (agents.Count == 0)
            {
                return NotFound($"No agent has the email {agentEmail}");
            }
            candidates = candidates.Where(c => agents.Any(a => a.AgencyId == c.AgencyId)).ToList();
            if (candidates.Count == 0)
            {
                return NotFound(narrowed
                    ? $"No agent with the email {agentEmail} belongs to the agency named"
                    : $"No agent with the email {agentEmail} belongs to an agency this integration reaches");
            }
            // The oldest agent of that agency with the email, should an agency list one person twice.
            var chosen = candidates.Count == 1
                ? agents.Where(a => a.AgencyId == candidates[0].AgencyId).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id, StringComparer.Ordinal).First().Id
                : null;
            return new TokenTarget(candidates, chosen);
        }
        return new TokenTarget(candidates, null);
    }

    /// <summary>Tokens are made only for an active agency and, when one is named, an active agent (422 otherwise).</summary>
    public static RuleViolation? Standing(ProducerInfo agency, ProducerInfo? agent)
    {
        if (agency.Status != ProducerStatuses.Active)
        {
            return RuleViolation.Business($"Agency {agency.Id} is {agency.Status}; tokens are made only for active agencies",
                new Dictionary<string, string> { ["rule"] = "agency_not_active", ["agencyId"] = agency.Id });
        }
        if (agent is not null && agent.Status != ProducerStatuses.Active)
        {
            return RuleViolation.Business($"Agent {agent.Id} is {agent.Status}; tokens are made only for active agents",
                new Dictionary<string, string> { ["rule"] = "agent_not_active", ["agentId"] = agent.Id });
        }
        return null;
    }

    /// <summary>Emails are looked up lower-cased (as the producers' query records keep them).</summary>
    public static string EmailKey(string email) => email.Trim().ToLowerInvariant();

    private static bool SameEmail(string? stored, string presented) => stored is not null && EmailKey(stored) == EmailKey(presented);

    private static RuleViolation NotFound(string message) => new(ErrorCodes.NotFound, message);
}
