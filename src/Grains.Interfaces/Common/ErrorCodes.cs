namespace Insure.Grains;

/// <summary>The contract's error codes (API.md "Errors"): grains refuse with them, the Api answers with them.</summary>
public static class ErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Conflict = "conflict";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string InvalidStateTransition = "invalid_state_transition";
    public const string BusinessRuleViolation = "business_rule_violation";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string RateLimited = "rate_limited";
    public const string Internal = "internal_error";
    public const string Unavailable = "service_unavailable";
}
