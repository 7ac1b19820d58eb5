namespace Insure.Grains.Queries;

/// <summary>The kinds of record the query store holds.</summary>
public static class QueryKinds
{
    public const string Event = "event";
    public const string ApiKey = "api_key";
    public const string Organization = "organization";
    public const string Submission = "submission";
    public const string Policy = "policy";
    public const string Policyholder = "policyholder";
    public const string Claim = "claim";
    public const string Invoice = "invoice";
    /// <summary>One side of a ledger transaction, tagged with its policy.</summary>
    public const string LedgerEntry = "ledger_entry";
    public const string Webhook = "webhook";
    public const string WebhookDelivery = "webhook_delivery";
    public const string DealRoom = "deal_room";
    public const string Referral = "referral";
    public const string Producer = "producer";
    public const string Integration = "integration";
    /// <summary>Tenant value for platform-level records (organizations).</summary>
    public const string PlatformTenant = "platform";
}
