using Microsoft.OpenApi;

namespace Insure.Api.Infrastructure;

public static class OpenApiSetup
{
    public const string IntegrationSecretKeyScheme = "integrationSecretKey";
    public const string AgencyAccessTokenScheme = "agencyAccessToken";

    public static IServiceCollection AddInsureOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Insure API",
                    Version = "v1",
                    Description =
                        "Policy, claims, billing and distribution core. Three credentials: an organization API key " +
                        "(`sk_test_...` sandbox, `sk_live_...` production) as `Authorization: Bearer <key>`, Basic auth " +
                        "with the key as username and a blank password, or `X-API-Key: <key>`; an integration secret key " +
                        "(`isk_test_...` / `isk_live_...`), accepted only by `POST /v1/auth/token` (Create token), which trades it " +
                        "for an agency access token; and that token, an ES256 JWT verifiable with `/.well-known/jwks.json`, as " +
                        "`Authorization: Bearer <token>` on the organization's other routes with its integration's scopes. " +
                        "Errors share one shape: " +
                        "`{error, message, details, requestId}`. Lists take `page` (>= 1) and `page_size` (1..100) and are " +
                        "paged at most 10,000 items deep (`Insure:Lists:MaxOffset`): a page with `(page - 1) * page_size` " +
                        "beyond it gets 400 `validation_failed` (rule `max_offset`); filter instead (`createdBefore`, " +
                        "`createdAfter`, `status`, ...). A list's `total` counts at most that many items: when more match, " +
                        "`total` is the bound and `totalCapped` is true. POST and PATCH accept `Idempotency-Key`: a successful " +
                        "(2xx) response is replayed for 24 h; an error is not remembered, so the key can be retried. Rate " +
                        "limits are per key per minute and reported in `X-RateLimit-*` headers.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["bearer"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer",
                        Description = "Legacy API key, `sk_test_...` or `sk_live_...` (or, on /v1/admin, the admin secret)",
                    },
                    ["basic"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "basic", Description = "Legacy API key as username, blank password" },
                    ["apiKey"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-API-Key", Description = "Legacy API key" },
                    [IntegrationSecretKeyScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer",
                        Description = "Integration secret key, `isk_test_...` or `isk_live_...`: accepted only by POST /v1/auth/token (401 anywhere else)",
                    },
                    [AgencyAccessTokenScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                        Description = "Agency access token from POST /v1/auth/token: an ES256 JWT (keys at /.well-known/jwks.json) acting for one "
                            + "agency with its integration's scopes, until it expires or is revoked",
                    },
                };
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("basic", document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AgencyAccessTokenScheme, document)] = [] },
                ];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IntegrationKeyOnly>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(IntegrationSecretKeyScheme, context.Document)] = [] }];
                }
                else if (!metadata.OfType<RequiredScope>().Any() && !metadata.OfType<AdminOnly>().Any())
                {
                    // Public routes (health, the JWKS) take no credential.
                    operation.Security = [];
                }
                // Query parameters the handlers read themselves (to answer bad values with the contract's 400).
                foreach (var parameter in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryParameterDoc>())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = parameter.Name,
                        In = ParameterLocation.Query,
                        Required = false,
                        Description = parameter.Description,
                        Schema = new OpenApiSchema { Type = parameter.Type, Format = parameter.Format },
                    });
                }
                // Uploads the handler streams itself: no parameter describes the body, so the document is told here.
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<MultipartUploadDoc>().FirstOrDefault() is { } upload)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["multipart/form-data"] = new()
                            {
                                Schema = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.Object,
                                    Required = new HashSet<string> { upload.Field },
                                    Properties = new Dictionary<string, IOpenApiSchema>
                                    {
                                        [upload.Field] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = upload.Description },
                                    },
                                },
                            },
                        },
                    };
                }
                var method = context.Description.HttpMethod;
                if (method is "POST" or "PATCH")
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = IdempotencyMiddleware.Header,
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = "1..255 characters; the same key with the same request replays the first successful (2xx) response for 24 h",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                    });
                }
                return Task.CompletedTask;
            });
        });

    /// <summary>Documents a query parameter that the handler reads from the request itself.</summary>
    public static TBuilder WithQuery<TBuilder>(this TBuilder builder, string name, string description, string format = "")
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QueryParameterDoc(name, description,
            format == "integer" ? JsonSchemaType.Integer : JsonSchemaType.String, format is "integer" or "" ? null : format));

    /// <summary>Documents `page` and `page_size`.</summary>
    public static TBuilder WithPaging<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder
            .WithQuery("page", "Page number, from 1 (default 1); (page - 1) * page_size may be at most 10,000 (Insure:Lists:MaxOffset)", "integer")
            .WithQuery("page_size", "Items per page, 1..100 (default 30)", "integer");

    /// <summary>Documents `createdAfter` and `createdBefore` (exclusive timestamps).</summary>
    public static TBuilder WithCreatedRange<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder
            .WithQuery("createdAfter", "Only items created after this ISO 8601 timestamp (exclusive)", "date-time")
            .WithQuery("createdBefore", "Only items created before this ISO 8601 timestamp (exclusive)", "date-time");

    /// <summary>Declares the contract's error shape for the given statuses on every endpoint of a group.</summary>
    public static TBuilder WithErrorResponses<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(status, typeof(ApiError), ["application/json"]));
        }
        return builder;
    }
}
