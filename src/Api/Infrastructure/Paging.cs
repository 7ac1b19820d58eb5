using System.Globalization;
using Insure.Grains;
using Insure.Grains.Queries;

namespace Insure.Api.Infrastructure;

/// <summary>
/// A list response: `{"data":[...],"page":1,"pageSize":30,"total":57,"totalCapped":false}`. `total` counts at most
/// `Insure:Lists:MaxOffset` matching items; when more match it is that bound and <see cref="TotalCapped"/> is true.
/// </summary>
public sealed record ListPage<T>(IReadOnlyList<T> Data, int Page, int PageSize, long Total, bool TotalCapped = false);

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

public static class ListPages
{
    /// <summary>One page of a query-store list, each document read as <typeparamref name="TInfo"/> and shown as <typeparamref name="TItem"/>.</summary>
    public static async Task<ListPage<TItem>> Read<TInfo, TItem>(
        this IQueryStore queries, string kind, string tenant, QueryFilter filter,
        PageRequest paging, Func<TInfo, TItem> show)
    {
        var page = await queries.List(kind, tenant, filter, paging.Page, paging.PageSize);
        return new ListPage<TItem>(
            page.Documents.Select(d => show(InsureJson.Deserialize<TInfo>(d))).ToList(), paging.Page, paging.PageSize,
            page.Total, page.TotalCapped);
    }

    /// <summary>One page of a short list held in memory (products, a policy's timeline): counted exactly.</summary>
    public static ListPage<T> Of<T>(IReadOnlyCollection<T> all, PageRequest paging) =>
        new(all.Skip((int)paging.Offset).Take(paging.PageSize).ToList(), paging.Page, paging.PageSize, all.Count);
}

public static class QueryParameters
{
    /// <summary>Exact-match filters from the query string, for the parameters that are present and non-empty.</summary>
    public static IReadOnlyDictionary<string, string>? Tags(HttpRequest request, params string[] names)
    {
        var tags = names
            .Select(n => (Name: n, Value: request.Query[n].ToString()))
            .Where(t => t.Value.Length > 0)
            .ToDictionary(t => t.Name, t => t.Value);
        return tags.Count > 0 ? tags : null;
    }

    /// <summary>An optional `YYYY-MM-DD` date from the query string.</summary>
    public static DateOnly? Date(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return null;
        }
        if (!DateOnly.TryParseExact(values.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw ApiException.Validation(name, "format", $"{name} must be a date such as 2026-11-22");
        }
        return value;
    }

    /// <summary>An optional ISO 8601 timestamp (or date, taken as midnight UTC) from the query string.</summary>
    public static DateTimeOffset? Timestamp(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return null;
        }
        if (!DateTimeOffset.TryParse(values.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw ApiException.Validation(name, "format", $"{name} must be an ISO 8601 timestamp such as 2026-11-22T10:00:00Z");
        }
        return value;
    }
}
