namespace Insure.Api.Infrastructure;

/// <summary>
/// A list response: `{"data":[...],"page":1,"pageSize":30,"total":57,"totalCapped":false}`. `total` counts at most
/// `Insure:Lists:MaxOffset` matching items; when more match it is that bound and <see cref="TotalCapped"/> is true.
/// </summary>
public sealed record ListPage<T>(IReadOnlyList<T> Data, int Page, int PageSize, long Total, bool TotalCapped = false);
