namespace Insure.Grains;

/// <summary>A state license: its number, the lines of business it covers (`GL`, ...) and the day it expires.</summary>
[GenerateSerializer, Immutable, Alias("insure.producer-license")]
public sealed record ProducerLicense(
    [property: Id(0)] string State,
    [property: Id(1)] string Number,
    [property: Id(2)] string[] LinesOfBusiness,
    [property: Id(3)] DateOnly ExpiresOn);
