namespace Insure.Grains.Products;

/// <summary>Why an application cannot be rated: the field (input name) and the rule it breaks.</summary>
public sealed record ApplicationIssue(string Field, string Rule, string Message);
