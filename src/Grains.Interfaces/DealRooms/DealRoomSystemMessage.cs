namespace Insure.Grains;

/// <summary>
/// A message the platform posts in a deal room (authored by <c>system</c>), such as a referral's decision. The room
/// posts each <see cref="Key"/> once, so a sender that retries after a lost answer does not post twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.deal-room-system-message")]
public sealed record DealRoomSystemMessage([property: Id(0)] string Key, [property: Id(1)] string Body);
