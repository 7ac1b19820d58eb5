namespace Insure.Grains;

/// <summary>How a payment reached an invoice: a card through the gateway, or one of the manual methods.</summary>
public static class PaymentMethods
{
    public const string Card = "card";
    public const string Check = "check";
    public const string Ach = "ach";
    public const string Wire = "wire";
    public const string Cash = "cash";

    /// <summary>The methods <c>POST /v1/invoices/{id}/pay</c> records.</summary>
    public static readonly string[] Manual = [Check, Ach, Wire, Cash];
}
