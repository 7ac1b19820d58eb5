namespace Insure.Api.Infrastructure;

/// <summary>The Api's settings in the `Insure` configuration section (`Insure__AdminSecret`, `Insure__RateLimits__Sandbox`, ...).</summary>
public sealed class ApiOptions
{
    public const string Section = "Insure";

    /// <summary>Bearer secret for `/v1/admin/*`, at least 32 characters. Unset: the admin routes answer 401 to everyone.</summary>
    public string? AdminSecret { get; set; }

    /// <summary>
    /// Server secret (at least 32 characters) that tags API keys, so forged keys are refused without a lookup.
    /// Unset: generated per process with memory storage, or generated once and kept in the database with Postgres.
    /// </summary>
    public string? KeySigningSecret { get; set; }

    public ApiKeySettings ApiKeys { get; set; } = new();

    public RateLimitSettings RateLimits { get; set; } = new();

    /// <summary>Attachment limits, read from `Insure:Claims` (the section the silo reads its claim settings from).</summary>
    public ClaimAttachmentSettings Claims { get; set; } = new();

    /// <summary>Largest request body accepted; larger ones get 413 (endpoints may declare their own, see <see cref="RequestBodyLimit"/>).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Embedded mode: create a playground organization and print its sandbox key when the store is empty.</summary>
    public bool SeedPlayground { get; set; } = true;

    public static ApiOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<ApiOptions>() ?? new ApiOptions();
}
