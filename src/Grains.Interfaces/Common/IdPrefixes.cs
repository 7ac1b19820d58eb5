namespace Insure.Grains;

/// <summary>The prefix of each kind of id (`pol_01J...`), see <see cref="Ids"/>.</summary>
public static class IdPrefixes
{
    public const string Organization = "org";
    public const string ApiKey = "key";
    public const string Policyholder = "ph";
    public const string Submission = "sub";
    public const string Quote = "quo";
    public const string Policy = "pol";
    public const string Claim = "clm";
    public const string ClaimAttachment = "att";
    public const string Event = "evt";
    public const string Invoice = "inv";
    public const string Payment = "pay";
    public const string Refund = "rfd";
    public const string Webhook = "whk";
    public const string WebhookDelivery = "dlv";
    public const string DealRoom = "dr";
    public const string Message = "msg";
    public const string Referral = "ref";
    public const string Producer = "prd";
    public const string Appointment = "apt";
    public const string Integration = "int";
}
