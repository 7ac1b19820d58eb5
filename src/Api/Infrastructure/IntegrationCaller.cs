using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>The integration whose secret key authenticated a request, and the key generation that key belongs to.</summary>
public sealed record IntegrationCaller(Tenant Tenant, string IntegrationId, long KeyGeneration);
