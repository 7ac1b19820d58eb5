namespace Insure.Api.Features.Producers;

/// <summary>An appointment for one state and line of business from `effectiveDate`.</summary>
public sealed record CreateAppointmentRequest(string? State, string? LineOfBusiness, DateOnly? EffectiveDate);
