using Insure.Grains;
using Insure.Grains.Queries;

namespace Insure.Api.Infrastructure;

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
