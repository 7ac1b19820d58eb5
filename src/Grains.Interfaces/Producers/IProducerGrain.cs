namespace Insure.Grains;

/// <summary>
/// An agency or one of its agents that business is written through: its profile, licenses and appointments. Keyed
/// `{orgId}/{environment}/{producerId}`. Whether it may place a given risk is decided from its own state (and, for an
/// agent, its agency's) by <see cref="Authority"/>.
/// </summary>
[Alias("insure.IProducerGrain")]
public interface IProducerGrain : IGrainWithStringKey
{
    /// <summary>Creates the producer; an agent's agency must be an agency of the same tenant.</summary>
    [Alias("Create")]
    Task<Outcome<ProducerInfo>> Create(NewProducer request);

    [ReadOnly, Alias("Get")]
    Task<ProducerInfo?> Get();

    /// <summary>The producer's status and state version; null when there is none.</summary>
    [ReadOnly, Alias("Standing")]
    Task<ProducerStanding?> Standing();

    /// <summary>Applies the fields a PATCH sent (profile, status, licenses) onto the producer, checked as a whole.</summary>
    [Alias("Update")]
    Task<Outcome<ProducerInfo>> Update(ProducerPatch patch);

    /// <summary>Adds an appointment; it needs an unexpired license for its state and line of business.</summary>
    [Alias("Appoint")]
    Task<Outcome<ProducerAppointment>> Appoint(NewAppointment request);

    /// <summary>Moves an appointment to `active` or `terminated`.</summary>
    [Alias("UpdateAppointment")]
    Task<Outcome<ProducerAppointment>> UpdateAppointment(string appointmentId, string? status, Actor by);

    /// <summary>
    /// What this producer lacks to place a risk in <paramref name="state"/> for <paramref name="lineOfBusiness"/> on
    /// <paramref name="onDate"/>: an empty list when it may. An agent is covered by its own license and appointment or
    /// its agency's; a suspended or terminated agent or agency may not place business.
    /// </summary>
    [ReadOnly, Alias("Authority")]
    Task<ProducerAuthority> Authority(string state, string lineOfBusiness, DateOnly onDate);
}
