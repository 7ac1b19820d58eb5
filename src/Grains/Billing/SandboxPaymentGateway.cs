using System.Security.Cryptography;
using System.Text;

namespace Insure.Grains.Billing;

/// <summary>
/// The built-in gateway: behaves like Stripe's test mode for its test payment methods and needs no network.
/// Everything lives in process memory for the life of the process, which is what tests, demos and the benchmark
/// want and why it is not a production gateway. An intent's id and client secret follow from its idempotency key, so the
/// silos of a cluster, each with its own sandbox, answer a request sent again with the intent it first made.
/// </summary>
public sealed class SandboxPaymentGateway : IPaymentGateway
{
    /// <summary>Stripe's test payment methods the sandbox knows, and the decline each one gives (none for a good card).</summary>
    private static readonly Dictionary<string, (string? DeclineCode, string? Message)> TestCards = new(StringComparer.Ordinal)
    {
        ["pm_card_visa"] = (null, null),
        ["pm_card_mastercard"] = (null, null),
        ["pm_card_amex"] = (null, null),
        ["pm_card_chargeDeclined"] = ("generic_decline", "Your card was declined."),
        ["pm_card_chargeDeclinedInsufficientFunds"] = ("insufficient_funds", "Your card has insufficient funds."),
        ["pm_card_chargeDeclinedExpiredCard"] = ("expired_card", "Your card has expired."),
    };

    /// <summary>The time an intent's id sorts by when its invoice id is not one of ours (the sandbox's own tests).</summary>
    private const string UntimedId = "pi_00000000000000000000000000";

    // One lock over all state: every operation is a few dictionary steps with no awaits, and one lock makes
    // "look up the key, charge, remember the key" atomic, so concurrent calls with one key charge once.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (object Request, object Result)> _idempotency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Intent> _intents = new(StringComparer.Ordinal);
    private readonly List<SandboxCharge> _charges = [];
    private readonly List<SandboxRefund> _refunds = [];

    /// <summary>Every confirmation attempt on a card (succeeded or declined), oldest first; a snapshot.</summary>
    public IReadOnlyList<SandboxCharge> Charges
    {
        get
        {
            lock (_gate)
            {
                return [.. _charges];
            }
        }
    }

    /// <summary>Every refund made, oldest first; a snapshot.</summary>
    public IReadOnlyList<SandboxRefund> Refunds
    {
        get
        {
            lock (_gate)
            {
                return [.. _refunds];
            }
        }
    }

    /// <inheritdoc />
    public Task<GatewayIntent> CreateIntent(IntentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        RequireKey(request.IdempotencyKey);
        var currency = GatewayAmounts.Currency(request.Currency, nameof(request.Currency));
        var minor = GatewayAmounts.ToMinor(request.Amount, currency, nameof(request.Amount));

        lock (_gate)
        {
            if (Replay<GatewayIntent>(request.IdempotencyKey, request) is { } earlier)
            {
                return Task.FromResult(earlier);
            }

            (string? DeclineCode, string? Message) card = default;
            if (request.PaymentMethod is { } method && !TestCards.TryGetValue(method, out card))
            {
                throw new PaymentMethodNotFoundException(method);
            }

            // Made from the idempotency key (and timed by the invoice), so every silo's sandbox answers a repeated request
            // with the same intent, as one Stripe account would for the whole cluster.
            var id = Ids.Derived("pi", Ids.IsValid(IdPrefixes.Invoice, request.InvoiceId) ? request.InvoiceId : UntimedId, request.IdempotencyKey);
            var secret = $"{id}_secret_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"secret/{request.IdempotencyKey}")).AsSpan(0, 12))}";
            GatewayIntent result;
            if (request.PaymentMethod is null)
            {
                // Nothing to charge yet: the customer pays later with the client secret.
                result = new GatewayIntent(id, secret, "requires_payment_method", request.Amount, currency, null, null, null);
            }
            else if (!request.Confirm)
            {
                // Stripe's state for an intent that has a method but was not asked to charge it.
                result = new GatewayIntent(id, secret, "requires_confirmation", request.Amount, currency, request.PaymentMethod, null, null);
            }
            else
            {
                // A decline leaves the intent waiting for another method, as in Stripe.
                var status = card.DeclineCode is null ? "succeeded" : "requires_payment_method";
                result = new GatewayIntent(id, secret, status, request.Amount, currency, request.PaymentMethod, card.DeclineCode, card.Message);
                _charges.Add(new SandboxCharge(id, request.IdempotencyKey, request.Amount, currency, request.PaymentMethod,
                    request.InvoiceId, request.PolicyId, card.DeclineCode is null ? "succeeded" : "declined", card.DeclineCode));
            }

            _intents[id] = new Intent(currency, minor, result.Status);
            _idempotency[request.IdempotencyKey] = (request, result);
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task<GatewayRefund> Refund(RefundRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        RequireKey(request.IdempotencyKey);
        var currency = GatewayAmounts.Currency(request.Currency, nameof(request.Currency));
        var minor = GatewayAmounts.ToMinor(request.Amount, currency, nameof(request.Amount));

        lock (_gate)
        {
            if (Replay<GatewayRefund>(request.IdempotencyKey, request) is { } earlier)
            {
                return Task.FromResult(earlier);
            }
            if (!_intents.TryGetValue(request.PaymentIntentId, out var intent))
            {
                throw new InvalidOperationException($"No such payment intent: '{request.PaymentIntentId}'");
            }
            if (intent.Status != "succeeded")
            {
                throw new InvalidOperationException(
                    $"Payment intent '{request.PaymentIntentId}' is {intent.Status}; only a succeeded payment can be refunded");
            }
            if (intent.Currency != currency)
            {
                throw new ArgumentException(
                    $"Refund currency {currency} differs from the payment's {intent.Currency}", nameof(request.Currency));
            }
            if (intent.RefundedMinor + minor > intent.Minor)
            {
                var left = GatewayAmounts.FromMinor(intent.Minor - intent.RefundedMinor, currency);
                throw new InvalidOperationException(
                    $"Refund of {request.Amount} {currency} exceeds the {left} {currency} not yet refunded on '{request.PaymentIntentId}'");
            }

            intent.RefundedMinor += minor;
            var result = new GatewayRefund(Ids.New("re"), "succeeded", request.Amount, currency, null);
            _refunds.Add(new SandboxRefund(result.Id, request.PaymentIntentId, request.IdempotencyKey, request.Amount, currency,
                request.InvoiceId, request.PolicyId, request.Reason));
            _idempotency[request.IdempotencyKey] = (request, result);
            return Task.FromResult(result);
        }
    }

    /// <summary>The saved result for a key seen before with this same request; a different request under it is refused.</summary>
    private T? Replay<T>(string key, object request) where T : class
    {
        if (!_idempotency.TryGetValue(key, out var saved))
        {
            return null;
        }
        // Records compare by value, so "the same request" means every field equal, as Stripe compares parameters.
        if (!saved.Request.Equals(request) || saved.Result is not T result)
        {
            throw new IdempotencyKeyReusedException(key);
        }
        return result;
    }

    private static void RequireKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 255)
        {
            // Stripe caps keys at 255 characters; without one the "never twice" promise cannot be kept.
            throw new ArgumentException("An idempotency key of 1 to 255 characters is required", nameof(IntentRequest.IdempotencyKey));
        }
    }

    private sealed class Intent(string currency, long minor, string status)
    {
        public string Currency { get; } = currency;
        public long Minor { get; } = minor;
        public string Status { get; } = status;
        public long RefundedMinor { get; set; }
    }
}
