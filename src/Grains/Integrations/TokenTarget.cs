namespace Insure.Grains.Integrations;

/// <summary>
/// The agencies a Create token request can mean (exactly one: it names that agency; more: the caller must choose), and
/// the agent it names in the agency when there is one agency.
/// </summary>
internal sealed record TokenTarget(IReadOnlyList<IntegrationAgency> Agencies, string? AgentId);
