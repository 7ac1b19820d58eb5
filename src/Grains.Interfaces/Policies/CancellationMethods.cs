namespace Insure.Grains;

/// <summary>How a cancellation returns premium: pro rata, short rate (with a penalty) or flat (everything, at inception).</summary>
public static class CancellationMethods
{
    public const string ProRata = "pro_rata";
    public const string ShortRate = "short_rate";
    public const string Flat = "flat";
    public static readonly string[] All = [ProRata, ShortRate, Flat];
}
