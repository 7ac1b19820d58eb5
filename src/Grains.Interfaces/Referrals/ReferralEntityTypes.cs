namespace Insure.Grains;

/// <summary>What a referral can be about, each with the prefix of its ids.</summary>
public static class ReferralEntityTypes
{
    public const string Submission = "submission";
    public const string Policy = "policy";
    public const string Claim = "claim";

    public static readonly string[] All = [Submission, Policy, Claim];

    /// <summary>The id prefix of an entity type (`sub`, `pol`, `clm`), or null for anything else.</summary>
    public static string? PrefixOf(string? entityType) => entityType switch
    {
        Submission => IdPrefixes.Submission,
        Policy => IdPrefixes.Policy,
        Claim => IdPrefixes.Claim,
        _ => null,
    };
}
