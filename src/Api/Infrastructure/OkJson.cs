using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Insure.Api.Infrastructure;

/// <summary>
/// A 200 whose JSON body was serialized beforehand, with the Api's serializer options: the bytes <c>TypedResults.Ok</c>
/// would write for the same value, which <see cref="ResourcesOnce{TView, TResource}"/> keeps with a node's copy of an
/// entity so its many reads do not serialize it again. Described in the OpenAPI document as a <typeparamref name="TValue"/>.
/// </summary>
public sealed class OkJson<TValue>(ReadOnlyMemory<byte> utf8) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = utf8.Length;
        return httpContext.Response.BodyWriter.WriteAsync(utf8, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TValue), ["application/json"]));
}
