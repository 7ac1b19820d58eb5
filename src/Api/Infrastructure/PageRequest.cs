using System.Globalization;
using Insure.Grains;
using Insure.Grains.Queries;

namespace Insure.Api.Infrastructure;

/// <summary>
/// `page` (>= 1, default 1) and `page_size` (1..100, default 30) from the query string; anything else is 400, and so is
/// a page that starts deeper than `Insure:Lists:MaxOffset` rows (a filter reaches such items without a deep scan).
/// </summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 30;
    public const int MaxPageSize = 100;

    private const string DeepPagingHint =
        "Narrow the list with a filter instead, such as createdBefore (the createdAt of the last item you have), createdAfter or status.";

    /// <summary>Rows skipped before this page.</summary>
    public long Offset => (long)(Page - 1) * PageSize;

    public static PageRequest From(HttpRequest request)
    {
        var paging = new PageRequest(
            Read(request, "page", 1, 1, int.MaxValue / MaxPageSize),
            Read(request, "page_size", DefaultPageSize, 1, MaxPageSize));
        var maxOffset = request.HttpContext.RequestServices.GetRequiredService<IQueryStore>().CountLimit;
        if (paging.Offset > maxOffset)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed,
                $"page {paging.Page} with page_size {paging.PageSize} would skip {paging.Offset.ToString("N0", CultureInfo.InvariantCulture)} items, " +
                $"and lists can be paged at most {maxOffset.ToString("N0", CultureInfo.InvariantCulture)} items deep. {DeepPagingHint}",
                new Dictionary<string, string>
                {
                    ["field"] = "page",
                    ["rule"] = "max_offset",
                    ["maxOffset"] = maxOffset.ToString(CultureInfo.InvariantCulture),
                    ["hint"] = DeepPagingHint,
                });
        }
        return paging;
    }

    private static int Read(HttpRequest request, string name, int fallback, int min, int max)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return fallback;
        }
        if (!int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw ApiException.Validation(name, "range", $"{name} must be a whole number from {min} to {max}");
        }
        return value;
    }
}
