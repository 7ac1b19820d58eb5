namespace Insure.Api.Features.Producers;

/// <summary>`status` is `active` or `terminated`.</summary>
public sealed record UpdateAppointmentRequest(string? Status);
