namespace Insure.Grains.Claims;

/// <summary>What filing records: the notice, its number, and the terms of the policy version in force on the date of loss.</summary>
internal sealed record ClaimFiling(NewClaim Notice, string ClaimNumber, string PolicyNumber, int PolicyVersion, decimal PerOccurrenceLimit, decimal Deductible, string Currency);
