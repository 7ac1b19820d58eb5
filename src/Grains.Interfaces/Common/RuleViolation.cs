namespace Insure.Grains;

/// <summary>Why a command was refused, in the contract's terms: an error code, a message and details such as the field.</summary>
[GenerateSerializer, Immutable, Alias("insure.rule-violation")]
public sealed record RuleViolation(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] Dictionary<string, string>? Details = null)
{
    /// <summary>Input that breaks a rule of its field (400 `validation_failed`).</summary>
    public static RuleViolation Invalid(string field, string rule, string message) =>
        new(ErrorCodes.ValidationFailed, message, new Dictionary<string, string> { ["field"] = field, ["rule"] = rule });

    /// <summary>A business rule refuses the command (422 `business_rule_violation`), naming the field when there is one.</summary>
    public static RuleViolation Business(string message, string? field = null, string rule = "business_rule") =>
        new(ErrorCodes.BusinessRuleViolation, message, field is null ? null : new Dictionary<string, string> { ["field"] = field, ["rule"] = rule });

    /// <summary>A business rule refuses the command, with details other than a field.</summary>
    public static RuleViolation Business(string message, Dictionary<string, string> details) =>
        new(ErrorCodes.BusinessRuleViolation, message, details);

    /// <summary>The lifecycle does not allow the change (422 `invalid_state_transition` with from and to).</summary>
    public static RuleViolation Transition(string from, string to, string message) =>
        new(ErrorCodes.InvalidStateTransition, message, new Dictionary<string, string> { ["from"] = from, ["to"] = to });

    /// <summary>The caller's copy is stale or the command clashes with another (409 `conflict`).</summary>
    public static RuleViolation Conflict(string message, Dictionary<string, string>? details = null) =>
        new(ErrorCodes.Conflict, message, details);
}
