using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Runs once routing has chosen the endpoint: the body limit is the endpoint's <see cref="IRequestSizeLimitMetadata"/>
/// or else `Insure:MaxRequestBodyBytes`. A declared length over it is refused before anything is read; the server's
/// own limit (Kestrel's, enforced while reading) is set to match, so a chunked body is cut off too.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, ApiOptions options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? options.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException("Request body too large", StatusCodes.Status413PayloadTooLarge);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        return next(context);
    }
}
