namespace Insure.Grains;

/// <summary>What a rule decides about a command: the facts to apply, or the violation that refuses it.</summary>
internal readonly record struct Decision<TFacts>(TFacts? Facts, RuleViolation? Violation)
    where TFacts : class
{
    public static implicit operator Decision<TFacts>(TFacts facts) => new(facts, null);

    public static implicit operator Decision<TFacts>(RuleViolation violation) => new(null, violation);
}
