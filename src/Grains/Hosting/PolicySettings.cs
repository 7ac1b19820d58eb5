namespace Insure.Grains.Hosting;

/// <summary>Policy lifecycle windows.</summary>
public sealed class PolicySettings
{
    /// <summary>How many days before expiry the renewal is offered.</summary>
    public int RenewalOfferDays { get; set; } = 60;

    /// <summary>How many days after a cancellation's effective date it can still be reinstated.</summary>
    public int ReinstatementWindowDays { get; set; } = 30;

    /// <summary>How many days before today a cancellation may take effect.</summary>
    public int MaxBackdateDays { get; set; } = 30;
}
