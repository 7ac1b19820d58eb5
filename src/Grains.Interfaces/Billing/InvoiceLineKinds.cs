namespace Insure.Grains;

public static class InvoiceLineKinds
{
    public const string Premium = "premium";
    public const string Taxes = "taxes";
    public const string Fees = "fees";
    public const string EndorsementPremium = "endorsement_premium";
    public const string EndorsementTaxes = "endorsement_taxes";
    public const string EndorsementFees = "endorsement_fees";
    public const string Credit = "credit";
}
