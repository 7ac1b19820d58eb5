using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Insure.Api.Infrastructure;

/// <summary>An endpoint's own request body limit, in place of `Insure:MaxRequestBodyBytes` (e.g. the attachment upload).</summary>
public sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
