namespace Insure.Grains;

/// <summary>
/// What a grain command returns: the value after the change, or the violation that refused it. Neither means the
/// entity does not exist (404).
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.outcome`1")]
public sealed record Outcome<T>([property: Id(0)] T? Value, [property: Id(1)] RuleViolation? Violation)
    where T : class
{
    public static readonly Outcome<T> NotFound = new(null, null);

    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Refused(RuleViolation violation) => new(null, violation);

    public static implicit operator Outcome<T>(T value) => Ok(value);

    public static implicit operator Outcome<T>(RuleViolation violation) => Refused(violation);
}
