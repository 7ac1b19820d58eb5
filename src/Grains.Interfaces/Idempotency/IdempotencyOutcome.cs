namespace Insure.Grains;

public enum IdempotencyOutcome
{
    /// <summary>First time: run the request, then Complete or Release.</summary>
    Proceed = 0,
    Replay = 1,
    Mismatch = 2,
    InFlight = 3,
}
