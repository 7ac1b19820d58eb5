namespace Insure.Grains;

/// <summary>An agency, or an agent who works for one.</summary>
public static class ProducerTypes
{
    public const string Agency = "agency";
    public const string Agent = "agent";

    public static readonly string[] All = [Agency, Agent];
}
