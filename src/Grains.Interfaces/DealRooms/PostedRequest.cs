namespace Insure.Grains.DealRooms;

/// <summary>A post made under a request key: enough, with the retry's own author and body, to answer the retry.</summary>
[GenerateSerializer, Immutable, Alias("insure.deal-room-posted-request")]
public sealed record PostedRequest(
    [property: Id(0)] string RequestKey,
    [property: Id(1)] string MessageId,
    [property: Id(2)] DateTimeOffset SentAt);
