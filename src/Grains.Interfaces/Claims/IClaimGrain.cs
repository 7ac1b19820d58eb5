namespace Insure.Grains;

/// <summary>A claim against a policy, from first notice of loss to close. Keyed `{orgId}/{environment}/{claimId}`.</summary>
[Alias("insure.IClaimGrain")]
public interface IClaimGrain : IGrainWithStringKey
{
    /// <summary>Files the claim (FNOL) after the coverage check; filing an existing claim again returns it unchanged.</summary>
    [Alias("File")]
    Task<Outcome<ClaimInfo>> File(NewClaim claim);

    [ReadOnly, Alias("Get")]
    Task<ClaimInfo?> Get();

    [Alias("Investigate")]
    Task<Outcome<ClaimInfo>> Investigate(string adjusterId, string? notes, Actor by);

    [Alias("SetReserve")]
    Task<Outcome<ClaimInfo>> SetReserve(ReserveChange change);

    [Alias("Settle")]
    Task<Outcome<ClaimInfo>> Settle(ClaimSettlement settlement);

    [Alias("Deny")]
    Task<Outcome<ClaimInfo>> Deny(string reason, Actor by);

    [Alias("Close")]
    Task<Outcome<ClaimInfo>> Close(string reason, Actor by);

    [Alias("Reopen")]
    Task<Outcome<ClaimInfo>> Reopen(string reason, Actor by);

    [Alias("SetLitigation")]
    Task<Outcome<ClaimInfo>> SetLitigation(bool litigation, Actor by);

    /// <summary>Records an attachment whose bytes are already in the blob store; allowed in any status.</summary>
    [Alias("AddAttachment")]
    Task<Outcome<ClaimAttachment>> AddAttachment(ClaimAttachment attachment);

    /// <summary>The claim's attachments, newest first; null when there is no such claim.</summary>
    [ReadOnly, Alias("Attachments")]
    Task<ClaimAttachment[]?> Attachments();
}
