using System.Globalization;
using Insure.Grains.Hosting;
using Insure.Grains.Ledger;
using Insure.Grains.Queries;

namespace Insure.Grains.Claims;

/// <summary>
/// Every decision about a claim, as pure functions of its state, the command and the context (the policy in force on
/// the date of loss, settings, today). A decision is the <see cref="ClaimChange"/> to apply or the violation that
/// refuses it; <see cref="Apply"/> is the only place a claim's state moves, and its status moves only through
/// <see cref="ClaimLifecycle"/>.
/// </summary>
internal static class ClaimRules
{
    /// <summary>The GL input that holds the per-occurrence limit.</summary>
    public const string LimitInput = "requestedLimit";

    public const string DeductibleInput = "deductible";

    /// <summary>
    /// The coverage check of a first notice of loss: the loss is not in the future, lies within the policy period
    /// and before any cancellation (completed or scheduled) takes effect, and the terms carry a per-occurrence limit.
    /// </summary>
    public static RuleViolation? Coverage(NewClaim claim, PolicyInfo policy, DateOnly today)
    {
        var loss = claim.DateOfLoss;
        if (loss > today)
        {
            return RuleViolation.Invalid("dateOfLoss", "not_future", $"dateOfLoss cannot be after today ({Day(today)})");
        }
        if (loss < policy.EffectiveDate || loss >= policy.ExpirationDate)
        {
            return RuleViolation.Business(
                $"The date of loss {Day(loss)} is outside the policy period ({Day(policy.EffectiveDate)} to {Day(policy.ExpirationDate)})",
                "dateOfLoss", "coverage_period");
        }
        if (policy.Cancellation is { } cancellation && loss >= cancellation.EffectiveDate)
        {
            var when = cancellation.Completed ? "was cancelled" : "is scheduled to be cancelled";
            return RuleViolation.Business(
                $"The policy {when} effective {Day(cancellation.EffectiveDate)}; a loss on {Day(loss)} is not covered",
                "dateOfLoss", "coverage_cancelled");
        }
        if (policy.Application.Number(LimitInput) is null)
        {
            return RuleViolation.Business("The policy's terms name no per-occurrence limit", "policyId", "no_occurrence_limit");
        }
        return null;
    }

    /// <summary>Filing a covered claim: it records the number and the terms of the version in force on the date of loss.</summary>
    public static ClaimChange File(NewClaim claim, PolicyInfo policy, string claimNumber, DateTimeOffset now) =>
        new([ClaimAction.File], "claim.filed", now, claim.By, Filing: new ClaimFiling(claim, claimNumber, policy.PolicyNumber,
            policy.VersionNumber, policy.Application.Number(LimitInput) ?? 0m, policy.Application.Number(DeductibleInput) ?? 0m, policy.Rating.Currency));

    /// <summary>Why <paramref name="action"/> is not allowed from the claim's status, if it is not.</summary>
    public static RuleViolation? Gate(ClaimState state, ClaimAction action) =>
        ClaimLifecycle.Next(state.Status, action) is null
            ? RuleViolation.Transition(state.Status, ClaimLifecycle.Target(action),
                $"A claim that is {state.Status} cannot be {ClaimLifecycle.Target(action)}")
            : null;

    public static Decision<ClaimChange> Investigate(ClaimState state, string adjusterId, string? notes, Actor by, DateTimeOffset now) =>
        Gate(state, ClaimAction.Investigate) is { } refused
            ? refused
            : new ClaimChange([ClaimAction.Investigate], "claim.investigating", now, by, notes, AdjusterId: adjusterId);

    /// <summary>Sets one category's outstanding reserve; the old and new amounts go to the append-only history.</summary>
    public static Decision<ClaimChange> SetReserve(ClaimState state, ReserveChange change, DateTimeOffset now)
    {
        if (!ReserveCategories.All.Contains(change.Category))
        {
            return RuleViolation.Invalid("category", "enum", $"category must be one of {string.Join(", ", ReserveCategories.All)}");
        }
        if (change.Amount < 0)
        {
            return RuleViolation.Invalid("amount", "min", "amount cannot be negative");
        }
        if (Gate(state, ClaimAction.Reserve) is { } refused)
        {
            return refused;
        }
        var entry = new ReserveEntry(change.Category, Reserve(state, change.Category), change.Amount, change.Reason, now, change.By);
        return new ClaimChange([ClaimAction.Reserve], "claim.reserved", now, change.By, change.Reason, Reserves: [entry]);
    }

    /// <summary>
    /// A settlement payment. The first <see cref="ClaimState.Deductible"/> of settled loss stays with the insured; what
    /// is paid net of it, over all payments, never exceeds the per-occurrence limit, and a payment never exceeds the
    /// outstanding indemnity reserve it draws down. The payment that empties that reserve settles the claim.
    /// </summary>
    public static Decision<ClaimChange> Settle(ClaimState state, ClaimSettlement settlement, DateTimeOffset now)
    {
        if (settlement.Amount <= 0)
        {
            return RuleViolation.Invalid("amount", "positive", "amount must be greater than zero");
        }
        if (Gate(state, ClaimAction.Settle) is { } refused)
        {
            return refused;
        }
        var deductibleLeft = Math.Max(0m, state.Deductible - state.Payments.Sum(p => p.DeductibleApplied));
        var deductibleApplied = Math.Min(settlement.Amount, deductibleLeft);
        var net = settlement.Amount - deductibleApplied;
        if (net == 0)
        {
            return RuleViolation.Business(
                $"The amount is within the remaining deductible of {Money(deductibleLeft)}; nothing is payable", "amount", "within_deductible");
        }
        var paidBefore = state.Payments.Sum(p => p.NetAmount);
        // Compared without adding first, so no amount, however large, overflows.
        if (net > state.PerOccurrenceLimit - paidBefore)
        {
            var paidNet = net > decimal.MaxValue - paidBefore ? decimal.MaxValue : paidBefore + net;
            return RuleViolation.Business(
                $"Payments net of the {Money(state.Deductible)} deductible would total {Money(paidNet)}, beyond the per-occurrence limit of {Money(state.PerOccurrenceLimit)}",
                new Dictionary<string, string>
                {
                    ["field"] = "amount",
                    ["rule"] = "per_occurrence_limit",
                    ["limit"] = Money(state.PerOccurrenceLimit),
                    ["deductible"] = Money(state.Deductible),
                });
        }
        if (net > state.IndemnityReserve)
        {
            return RuleViolation.Business(
                $"The payment of {Money(net)} (net of the deductible) exceeds the outstanding indemnity reserve of {Money(state.IndemnityReserve)}; raise the reserve first",
                "amount", "exceeds_reserve");
        }
        var payment = new ClaimPayment(settlement.Amount, deductibleApplied, net, settlement.Payee, settlement.Notes, now, settlement.By);
        var remaining = state.IndemnityReserve - net;
        var entry = new ReserveEntry(ReserveCategories.Indemnity, state.IndemnityReserve, remaining, $"Settlement payment to {settlement.Payee}", now, settlement.By);
        ClaimAction[] actions = remaining == 0 ? [ClaimAction.Settle, ClaimAction.PayOut] : [ClaimAction.Settle];
        return new ClaimChange(actions, "claim.settled", now, settlement.By, settlement.Notes, Reserves: [entry], Payment: payment);
    }

    public static Decision<ClaimChange> Deny(ClaimState state, string reason, Actor by, DateTimeOffset now) =>
        Gate(state, ClaimAction.Deny) is { } refused ? refused : new ClaimChange([ClaimAction.Deny], "claim.denied", now, by, reason);

    /// <summary>Closing releases whatever is still reserved: each open reserve goes to zero, in the history.</summary>
    public static Decision<ClaimChange> Close(ClaimState state, string reason, Actor by, DateTimeOffset now)
    {
        if (Gate(state, ClaimAction.Close) is { } refused)
        {
            return refused;
        }
        var released = ReserveCategories.All
            .Where(c => Reserve(state, c) != 0)
            .Select(c => new ReserveEntry(c, Reserve(state, c), 0m, $"Released on close: {reason}", now, by))
            .ToArray();
        return new ClaimChange([ClaimAction.Close], "claim.closed", now, by, reason, Reserves: released);
    }

    /// <summary>A closed claim can be reopened up to <see cref="ClaimSettings.ReopenWindowDays"/> days after it closed (that day included).</summary>
    public static Decision<ClaimChange> Reopen(ClaimState state, string reason, Actor by, ClaimSettings settings, DateOnly today, DateTimeOffset now)
    {
        if (Gate(state, ClaimAction.Reopen) is { } refused)
        {
            return refused;
        }
        var closedOn = DateOnly.FromDateTime(state.ClosedAt!.Value.UtcDateTime);
        var lastDay = closedOn.AddDays(settings.ReopenWindowDays);
        if (today > lastDay)
        {
            return RuleViolation.Business(
                $"The claim closed on {Day(closedOn)}; it could be reopened until {Day(lastDay)} ({settings.ReopenWindowDays} days)",
                "reason", "reopen_window");
        }
        return new ClaimChange([ClaimAction.Reopen], "claim.reopened", now, by, reason);
    }

    public static Decision<ClaimChange> SetLitigation(ClaimState state, bool litigation, Actor by, DateTimeOffset now) =>
        Gate(state, ClaimAction.SetLitigation) is { } refused
            ? refused
            : new ClaimChange([ClaimAction.SetLitigation], "claim.litigation_changed", now, by, Litigation: litigation);

    /// <summary>How many attachments one claim can hold.</summary>
    public const int MaxAttachmentsPerClaim = 100;

    /// <summary>
    /// An attachment is recorded in any status (documents keep arriving after a claim is closed or denied, and a
    /// reopened claim needs them), up to <see cref="MaxAttachmentsPerClaim"/>.
    /// </summary>
    public static Decision<ClaimChange> AddAttachment(ClaimState state, ClaimAttachment attachment)
    {
        if (state.Attachments.Count >= MaxAttachmentsPerClaim)
        {
            return RuleViolation.Business($"A claim holds at most {MaxAttachmentsPerClaim} attachments", "file", "max_attachments");
        }
        if (state.Attachments.Any(a => a.Id == attachment.Id))
        {
            return RuleViolation.Conflict($"Attachment {attachment.Id} is already recorded");
        }
        return new ClaimChange([], "claim.attachment_added", attachment.CreatedAt, attachment.CreatedBy, Attachment: attachment);
    }

    /// <summary>Applies a decided change: the only place a claim's state moves.</summary>
    public static void Apply(ClaimState state, ClaimChange change)
    {
        if (change.Filing is { } filing)
        {
            state.Notice = filing.Notice;
            state.ClaimNumber = filing.ClaimNumber;
            state.PolicyNumber = filing.PolicyNumber;
            state.PolicyVersion = filing.PolicyVersion;
            state.PerOccurrenceLimit = filing.PerOccurrenceLimit;
            state.Deductible = filing.Deductible;
            state.Currency = filing.Currency;
            state.Status = ClaimLifecycle.Initial;
            state.CreatedAt = change.At;
        }
        foreach (var action in change.Actions.Where(a => a != ClaimAction.File))
        {
            var from = state.Status;
            state.Status = ClaimLifecycle.Next(from, action) ?? throw new InvalidOperationException($"{action} is not allowed from {from}");
            if (state.Status != from)
            {
                state.Transitions.Add(new ClaimTransition(from, state.Status, change.At, change.By, change.Note));
            }
        }
        if (change.AdjusterId is { } adjuster)
        {
            state.AdjusterId = adjuster;
        }
        foreach (var entry in change.Reserves ?? [])
        {
            if (entry.Category == ReserveCategories.Indemnity)
            {
                state.IndemnityReserve = entry.NewAmount;
            }
            else
            {
                state.ExpenseReserve = entry.NewAmount;
            }
            state.ReserveHistory.Add(entry);
        }
        if (change.Payment is { } payment)
        {
            state.Payments.Add(payment);
            state.PendingLedger.Add(LedgerPostings.ClaimPaid(payment.NetAmount, state.Currency, change.At, $"Claim {state.ClaimNumber}: payment to {payment.Payee}", "")
                with { Id = $"{state.Version + 1}.1" });
        }
        if (change.Attachment is { } attachment)
        {
            state.Attachments.Add(attachment);
        }
        if (change.Litigation is { } litigation)
        {
            state.Litigation = litigation;
        }
        if (state.Status == ClaimStatuses.Closed && change.Actions.Contains(ClaimAction.Close))
        {
            state.ClosedAt = change.At;
        }
        state.UpdatedAt = change.At;
    }

    public static decimal Reserve(ClaimState state, string category) =>
        category == ReserveCategories.Indemnity ? state.IndemnityReserve : state.ExpenseReserve;

    /// <summary>What the claim adds to its policy's claim totals (<see cref="PolicyClaimTotals"/>): paid is net of the deductible.</summary>
    public static QueryContribution PolicyTotals(ClaimState state) => new(
        PolicyClaimTotals.Group,
        state.Notice!.PolicyId,
        new Dictionary<string, decimal>
        {
            [PolicyClaimTotals.Count] = 1,
            [PolicyClaimTotals.Open] = state.Status == ClaimStatuses.Closed ? 0 : 1,
            [PolicyClaimTotals.Paid] = state.Payments.Sum(p => p.NetAmount),
            [PolicyClaimTotals.Reserved] = state.IndemnityReserve + state.ExpenseReserve,
        });

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
