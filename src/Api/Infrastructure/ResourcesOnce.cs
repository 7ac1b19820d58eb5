using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Resources made from a grain's view, kept with the view: a node's copy of an entity (<see cref="ReadLeaseCache"/>) is the
/// same view object for many reads, so each resource (and its JSON) is made once while it stays true, and let go with
/// the view. <paramref name="make"/> gives the resource as of a moment and the moment it stops being true (a quote or a key
/// that expires); <see cref="DateTimeOffset.MaxValue"/> when nothing the clock does changes it.
/// </summary>
public sealed class ResourcesOnce<TView, TResource>(Func<TView, DateTimeOffset, (TResource Resource, DateTimeOffset Until)> make)
    where TView : class
{
    private readonly ConditionalWeakTable<TView, Made> _made = new();

    private sealed record Made(TResource Resource, DateTimeOffset Until)
    {
        /// <summary>The resource's JSON and the options it was written with, once asked for (racing readers may both make it: the same bytes).</summary>
        public Serialized? Json { get; set; }
    }

    private sealed record Serialized(byte[] Utf8, JsonSerializerOptions Options);

    /// <summary>
    /// A 200 with <paramref name="view"/>'s resource as of <paramref name="now"/>, in the Api's JSON. With read leases a
    /// node's copy is the same view for many reads, so its JSON is made once and kept with it; without, each read has a
    /// view of its own, serialized for that read and kept nowhere.
    /// </summary>
    public OkJson<TResource> Ok(HttpContext context, TView view, DateTimeOffset now)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return new OkJson<TResource>(context.RequestServices.GetRequiredService<ReadLeaseCache>().LeasesOn
            ? Json(view, now, options)
            : JsonSerializer.SerializeToUtf8Bytes(make(view, now).Resource, options));
    }

    private byte[] Json(TView view, DateTimeOffset now, JsonSerializerOptions options)
    {
        var made = MadeFor(view, now);
        if (made.Json is not { } json || !ReferenceEquals(json.Options, options))
        {
            json = new Serialized(JsonSerializer.SerializeToUtf8Bytes(made.Resource, options), options);
            made.Json = json;
        }
        return json.Utf8;
    }

    private Made MadeFor(TView view, DateTimeOffset now)
    {
        if (_made.TryGetValue(view, out var made) && now < made.Until)
        {
            return made;
        }
        var (resource, until) = make(view, now);
        made = new Made(resource, until);
        _made.AddOrUpdate(view, made);
        return made;
    }
}
