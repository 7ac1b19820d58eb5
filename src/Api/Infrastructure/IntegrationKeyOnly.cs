namespace Insure.Api.Infrastructure;

/// <summary>Endpoint metadata: only an integration secret key (`isk_`) authenticates here (Create token).</summary>
public sealed record IntegrationKeyOnly;
