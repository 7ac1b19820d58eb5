namespace Insure.Grains;

/// <summary>A remembered response; <paramref name="NoStore"/> says it carried a secret and was sent with `Cache-Control: no-store`.</summary>
[GenerateSerializer, Immutable, Alias("insure.stored-response")]
public sealed record StoredResponse(
    [property: Id(0)] int StatusCode,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] byte[] Body,
    [property: Id(3)] string? Location,
    [property: Id(4)] bool NoStore = false);
