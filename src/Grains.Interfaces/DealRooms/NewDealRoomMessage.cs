namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.new-deal-room-message")]
public sealed record NewDealRoomMessage([property: Id(0)] string? AuthorId, [property: Id(1)] string? Body);
