namespace Insure.Grains.Organizations;

/// <summary>
/// A decided reservation: the reply to the key being created, and the organization's live keys afterwards
/// (null when they stay as they are, so nothing is written).
/// </summary>
internal sealed record KeyReservation(ApiKeyReservation Reply, List<OrganizationState.LiveKey>? LiveKeys);
