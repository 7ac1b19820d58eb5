namespace Insure.Api.Infrastructure;

/// <summary>What the Api accepts as a claim attachment (`Insure:Claims:*`, next to the silo's claim settings).</summary>
public sealed class ClaimAttachmentSettings
{
    /// <summary>Largest attachment accepted, in bytes; a larger file gets 413.</summary>
    public long MaxAttachmentBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Comma-separated media types accepted as attachments; any other gets 415.</summary>
    public string AllowedAttachmentTypes { get; set; } =
        "application/pdf,image/jpeg,image/png,image/heic,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public IReadOnlySet<string> AllowedTypes =>
        AllowedAttachmentTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant()).ToHashSet();
}
