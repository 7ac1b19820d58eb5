using System.Collections;

namespace Insure.Api.Infrastructure;

/// <summary>
/// The logging scope of one request: its `req_` id (the one `X-Request-Id` and error bodies show), method and path. The
/// query string is left out: it may carry a credential (a deal-room link's token).
/// </summary>
public sealed class RequestLogScope(string requestId, string method, string? path) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RequestId", requestId),
        1 => new("Method", method),
        2 => new("Path", path),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{requestId} {method} {path}";
}
