using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Invoices;

/// <summary>`/v1/invoices`: what policies owe, and the payments against it. Handlers check the request's shape; the invoice grain decides.</summary>
public static class InvoicesApi
{
    public static RouteGroupBuilder MapInvoices(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/invoices")
            .WithTags("Invoices")
            .WithErrorResponses(400, 401, 403, 404, 409, 422, 429);

        group.MapGet("/", List).RequireScope("invoices:read").WithPaging()
            .WithQuery("status", "draft, open, paid, payment_failed, uncollectible, voided, partially_refunded or refunded")
            .WithQuery("policyId", "Invoices of this policy")
            .WithQuery("dueAfter", "Due on or after this date", "date")
            .WithQuery("dueBefore", "Due on or before this date", "date")
            .WithName("ListInvoices")
            .WithSummary("List invoices; filter by `status`, `policyId`, `dueAfter`, `dueBefore` (dates, inclusive)");
        group.MapGet("/{id}", Get).RequireScope("invoices:read")
            .WithName("GetInvoice")
            .WithSummary("Retrieve an invoice with its lines, payments, card attempts, refunds, `amountDue`, `amountPaid` and `nextRetryAt`");
        group.MapPost("/{id}/payment-intent", PaymentIntent).RequireScope("invoices:write")
            .WithName("CreatePaymentIntent")
            .WithSummary("Create a payment intent for the amount due (Stripe's fields and statuses). With `paymentMethod` it is confirmed at once: " +
                "the invoice is paid, or fails with the card's decline code; the method is stored on the policy for later collections. " +
                "Sandbox test methods: pm_card_visa, pm_card_mastercard (succeed), pm_card_chargeDeclined, " +
                "pm_card_chargeDeclinedInsufficientFunds, pm_card_chargeDeclinedExpiredCard (declined)");
        group.MapPost("/{id}/pay", Pay).RequireScope("invoices:write")
            .WithName("PayInvoice")
            .WithSummary("Record a manual payment `{amount, method: check|ach|wire|cash, reference}`. A partial payment leaves a balance; " +
                "more than the amount due: 422 rule `overpayment`");
        group.MapPost("/{id}/void", VoidInvoice).RequireScope("invoices:write")
            .WithName("VoidInvoice")
            .WithSummary("Void an open or payment_failed invoice `{reason}`; nothing is owed on it afterwards");
        group.MapPost("/{id}/retry", Retry).RequireScope("invoices:write")
            .WithName("RetryInvoicePayment")
            .WithSummary("Charge the payment method on file now, for a payment_failed or uncollectible invoice (no method on file: 422 " +
                "rule `no_payment_method`). Automatic retries follow Insure:Billing:RetryDelays on their own");
        group.MapPost("/{id}/refund", Refund).RequireScope("invoices:write")
            .WithName("RefundInvoice")
            .WithSummary("Refund `{amount?, reason}` of a paid invoice (all that was paid and not yet refunded when `amount` is left out), " +
                "newest payments first; card payments are refunded through the gateway. More than that: 422 rule `refund_exceeds_paid`");
        return group;
    }

    private static async Task<ListPage<InvoiceResource>> List(HttpContext context, IQueryStore queries)
    {
        var request = context.Request;
        var paging = PageRequest.From(request);
        var from = QueryParameters.Date(request, "dueAfter");
        var to = QueryParameters.Date(request, "dueBefore");
        var filter = new QueryFilter(
            QueryParameters.Tags(request, "status", "policyId"),
            Ranges: from is null && to is null ? null : [new TagRange("dueDate", from?.ToString("yyyy-MM-dd"), to?.ToString("yyyy-MM-dd"))]);
        return await queries.Read<InvoiceInfo, InvoiceResource>(QueryKinds.Invoice, context.Caller().Tenant.ToString(), filter, paging, i => i.ToResource());
    }

    private static async Task<Results<Ok<InvoiceResource>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var invoice = Grain(id, context, grains) is { } grain ? await grain.Get() : null;
        return invoice is null ? NotFound(context) : TypedResults.Ok(invoice.ToResource());
    }

    private static async Task<Results<Ok<PaymentIntentResource>, NotFound<ApiError>>> PaymentIntent(
        string id, PaymentIntentRequest? body, HttpContext context, IGrainFactory grains)
    {
        var method = body?.PaymentMethod is { } pm ? Validate.Required(pm, "paymentMethod", 100) : null;
        var intent = Grain(id, context, grains) is { } grain ? (await grain.CreatePaymentIntent(method, context.Caller().Actor,
            context.RequestKey("payreq"))).ValueOrThrow() : null;
        return intent is null ? NotFound(context) : TypedResults.Ok(intent.ToResource());
    }

    private static async Task<Results<Ok<InvoiceResource>, NotFound<ApiError>>> Pay(string id, PayRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var amount = Validate.Money(body!.Amount, "amount");
        if (amount <= 0)
        {
            throw ApiException.Validation("amount", "positive", "amount must be greater than zero");
        }
        var method = Validate.Required(body.Method, "method", 20);
        if (!PaymentMethods.Manual.Contains(method))
        {
            throw ApiException.Validation("method", "enum", $"method must be one of {string.Join(", ", PaymentMethods.Manual)}");
        }
        var reference = Validate.Required(body.Reference, "reference", 200);
        return await Run(id, context, grains, g => g.Pay(new ManualPayment(amount, method, reference, context.Caller().Actor)));
    }

    private static async Task<Results<Ok<InvoiceResource>, NotFound<ApiError>>> VoidInvoice(string id, VoidRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var reason = Validate.Required(body!.Reason, "reason", 500);
        return await Run(id, context, grains, g => g.Void(reason, context.Caller().Actor));
    }

    private static async Task<Results<Ok<InvoiceResource>, NotFound<ApiError>>> Retry(string id, HttpContext context, IGrainFactory grains) =>
        await Run(id, context, grains, g => g.Retry(context.Caller().Actor, context.RequestKey("retryreq")));

    private static async Task<Results<Ok<InvoiceResource>, NotFound<ApiError>>> Refund(string id, RefundRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        decimal? amount = body!.Amount is { } a ? Validate.Money(a, "amount") : null;
        if (amount is <= 0)
        {
            throw ApiException.Validation("amount", "positive", "amount must be greater than zero");
        }
        var reason = Validate.Required(body.Reason, "reason", 500);
        return await Run(id, context, grains, g => g.Refund(amount, reason, context.Caller().Actor));
    }

    /// <summary>One grain command on the caller's invoice: its refusal becomes the contract's error, a missing invoice 404.</summary>
    private static async Task<Results<Ok<InvoiceResource>, NotFound<ApiError>>> Run(
        string id, HttpContext context, IGrainFactory grains, Func<IInvoiceGrain, Task<Outcome<InvoiceInfo>>> command)
    {
        var invoice = Grain(id, context, grains) is { } grain ? (await command(grain)).ValueOrThrow() : null;
        return invoice is null ? NotFound(context) : TypedResults.Ok(invoice.ToResource());
    }

    private static IInvoiceGrain? Grain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IInvoiceGrain>(IdPrefixes.Invoice, id);

    private static NotFound<ApiError> NotFound(HttpContext context) => TypedResults.NotFound(ErrorResponses.NotFound(context, "Invoice"));
}
