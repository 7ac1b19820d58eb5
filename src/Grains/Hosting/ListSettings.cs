namespace Insure.Grains.Hosting;

/// <summary>`Insure:Lists`: how deep a list may be paged, which also bounds how far a list's total is counted.</summary>
public sealed class ListSettings
{
    public const int DefaultMaxOffset = 10_000;

    /// <summary>
    /// The most rows a page may skip (`(page - 1) * page_size`); deeper pages are refused with a hint to filter.
    /// A list's `total` counts at most this many rows, so no request reads more than about this many.
    /// </summary>
    public int MaxOffset { get; set; } = DefaultMaxOffset;
}
