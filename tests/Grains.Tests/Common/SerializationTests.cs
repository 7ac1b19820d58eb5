using System.Reflection;
using System.Text.Json;
using Insure.Grains.AgencyTokens;
using Insure.Grains.ApiKeys;
using Insure.Grains.Billing;
using Insure.Grains.Claims;
using Insure.Grains.DealRooms;
using Insure.Grains.Integrations;
using Insure.Grains.Organizations;
using Insure.Grains.Policies;
using Insure.Grains.Policyholders;
using Insure.Grains.Producers;
using Insure.Grains.Products;
using Insure.Grains.Referrals;
using Insure.Grains.Submissions;
using Insure.Grains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Insure.Grains.Tests.Common;

/// <summary>A type crossing a grain or stream boundary without a codec compiles and fails only at run time: these catch it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SerializationTests(ClusterFixture fixture)
{
    private Serializer Serializer => fixture.Cluster.ServiceProvider.GetRequiredService<Serializer>();

    private static readonly DateTimeOffset When = new(2026, 11, 22, 10, 30, 0, TimeSpan.Zero);

    /// <summary>A sample of every wire and state type.</summary>
    public static IEnumerable<object[]> Samples()
    {
        var actor = Actor.ApiKey("key_1", "org_1");
        var info = new ApiKeyInfo("key_1", "org_1", "sandbox", "ci", ["*"], "sk_test_", "abcd", When, When.AddDays(1), null, actor, null);
        var domainEvent = new DomainEvent("evt_1", "api_key.created", "org_1", "sandbox", When, "{\"a\":1}");
        yield return [new Tenant("org_1", "sandbox")];
        yield return [actor];
        yield return [Actor.AgencyToken("tref_1", "prd_1", "prd_2")];
        yield return [domainEvent];
        yield return [new OrganizationInfo("org_1", "Acme", "standard", true, When, actor, When)];
        yield return [new OrganizationUpdate("enterprise", null, "New", OrganizationStatuses.Suspended)];
        yield return [new OrganizationInfo("org_1", "Acme", "standard", true, When, actor, When, OrganizationStatuses.Suspended)];
        yield return [new ApiKeyReservation(ApiKeyReservationOutcome.LimitReached, 100)];
        yield return [new NewApiKey("ci", ["events:read"], When, actor, [7, 7], "wxyz")];
        yield return [info];
        yield return [new Leased<ApiKeyInfo>(info, TimeSpan.FromSeconds(1))];
        yield return [new ApiKeyCheck(ApiKeyStatus.Expired, ["*"], When)];
        yield return [new KeyCreator("key_1", "sandbox", ["policies:write"], When)];
        yield return [new NewApiKey("ci", ["events:read"], When, actor, [7, 7], "wxyz", new KeyCreator("key_1", "sandbox", ["*"], null), 100)];
        yield return [new RateLimitSchedule(100, 1_000, 10_000, 5)];
        yield return [new RateLimitSchedule(100, 1_000, 10_000, 5, 20)];
        yield return [RateLimitDecision.NotAdmitted(ApiKeyStatus.OrganizationSuspended)];
        yield return [new RateLimitDecision(true, 100, 42, When, TenantWide: true)];
        yield return [new IdempotencyStart(IdempotencyOutcome.Replay, new StoredResponse(201, "application/json", [1, 2], "/v1/x"), Guid.NewGuid())];
        yield return [new StoredResponse(400, null, [], null)];
        yield return [new OrganizationState { Name = "Acme", Tier = "enterprise", LiveApproved = true, CreatedAt = When, CreatedBy = actor, UpdatedAt = When, Version = 3, Outbox = [domainEvent] }];
        yield return [new ApiKeyState { Name = "ci", Scopes = ["*"], SecretHash = [9, 8], Last4 = "abcd", CreatedAt = When, ExpiresAt = When, RevokedAt = When, CreatedBy = actor, RevokedBy = actor, Version = 2, Outbox = [domainEvent] }];

        var loss = new Loss(new DateOnly(2025, 6, 1), 12_000m, "slip");
        var application = new SubmissionApplication("Acme", "GL", new DateOnly(2027, 1, 1), null,
            new Dictionary<string, string> { ["naicsCode"] = "541511", ["annualRevenue"] = "2500000" }, [loss], "ph_1", "prd_1");
        var rating = new RatingResult("GL", "2026.11.1", "USD", 952.56m, 0.0485m, 46.20m, [new FeeLine("policy_fee", "Policy fee", 150m)], 150m, 1148.76m,
            [new RatingStepResult("base_rate", "Base", 0.42m, 2500m, 1050m)]);
        var quote = new QuoteInfo("quo_1", rating, When, When.AddDays(30));
        var readiness = new Readiness(85, "needs_info", ["policyholderId not provided"], ["policyholderId"]);
        var installments = new[] { new Installment(1, new DateOnly(2027, 1, 1), 1148.76m) };
        var newPolicy = new NewPolicy("GL-2027-000001", "sub_1", "quo_1", application, new DateOnly(2028, 1, 1), rating, "PIF", installments, actor);
        var policyInfo = new PolicyInfo("pol_1", "GL-2027-000001", "active", "sub_1", "quo_1", application, new DateOnly(2027, 1, 1),
            new DateOnly(2028, 1, 1), rating, "PIF", installments, When, actor, When);
        var submissionInfo = new SubmissionInfo("sub_1", "quoted", application, readiness, quote, null, When, actor, When);
        var violation = new RuleViolation("invalid_state_transition", "no", new Dictionary<string, string> { ["from"] = "bound" });
        yield return [loss];
        yield return [new RatingApplication(new DateOnly(2027, 1, 1), new Dictionary<string, string> { ["a"] = "1" }, [loss])];
        yield return [rating];
        yield return [application];
        yield return [quote];
        yield return [readiness];
        yield return [submissionInfo];
        yield return [violation];
        yield return [Outcome<SubmissionInfo>.Ok(submissionInfo)];
        yield return [Outcome<PolicyInfo>.Refused(violation)];
        yield return [new Leased<SubmissionInfo>(submissionInfo, TimeSpan.FromMilliseconds(500))];
        yield return [new Leased<SubmissionInfo>(null, TimeSpan.Zero)];
        yield return [new SubmissionDraft("Acme", "GL", new DateOnly(2027, 1, 1), null, new Dictionary<string, string> { ["state"] = "TX" },
            new Dictionary<string, string> { ["coverAmount"] = "10000" }, [loss], "ph_1", null)];
        yield return [newPolicy];
        yield return [policyInfo];
        yield return [new SubmissionState { Application = application, Status = "bound", Quote = quote, PolicyId = "pol_1", PendingPolicyId = "pol_1", PendingPolicyNumber = "GL-2027-000001", CreatedAt = When, CreatedBy = actor, UpdatedAt = When, Version = 4, Outbox = [domainEvent] }];
        yield return [new PolicyState { Terms = newPolicy, Status = "active", CreatedAt = When, UpdatedAt = When, Version = 2, Outbox = [domainEvent] }];
        yield return [new PolicyNumberSequenceState { Last = 142 }];

        var calculation = new CancellationQuote("short_rate", 365, 100, 273.97m, 21.92m, 252.05m, 12.22m, 264.27m);
        var cancellation = new CancellationInfo(new DateOnly(2027, 9, 1), "sold", calculation, false, When, actor);
        var offer = new RenewalOffer(new DateOnly(2028, 1, 1), new DateOnly(2029, 1, 1), rating, When);
        var version = new PolicyVersion(2, new DateOnly(2027, 4, 1), application, rating, 120.5m, 5.84m, When, "limit");
        yield return [new Endorsement(new DateOnly(2027, 4, 1), new Dictionary<string, string> { ["requestedLimit"] = "2000000" }, "Acme 2", "limit", actor)];
        yield return [new CancellationRequest(new DateOnly(2027, 9, 1), "short_rate", "sold", actor)];
        yield return [calculation];
        yield return [cancellation];
        yield return [offer];
        yield return [new PolicyTransaction("endorse", When, actor, new DateOnly(2027, 4, 1), 120.5m, 5.84m, 2, "limit", null)];
        yield return [version];
        var details = new PolicyholderDetails("individual", "Jane", "Doe", null, null, "jane@example.com", "+1 555 0100",
            new DateOnly(1990, 1, 2), new Address("1 Main St", null, "Austin", "TX", "78701", "US"));
        yield return [details];
        yield return [new PolicyholderInfo("ph_1", details, When, When, actor)];
        yield return [Outcome<PolicyholderInfo>.Ok(new PolicyholderInfo("ph_1", details, When, When, actor))];
        yield return [new PolicyholderState { Details = details, CreatedAt = When, UpdatedAt = When, CreatedBy = actor, Version = 1, Outbox = [domainEvent] }];
        yield return [Outcome<EndorsementResult>.Ok(new EndorsementResult(policyInfo with { Cancellation = cancellation, RenewalOffer = offer, ETag = 7 }, version))];
        yield return [version with { Application = null, Changes = new Dictionary<string, string> { ["requestedLimit"] = "2000000", ["insuredName"] = "Acme 2" } }];
        var claimant = new Claimant("Pat Visitor", "pat@example.com", "+1 555 0101");
        var notice = new NewClaim("pol_1", new DateOnly(2027, 3, 4), "Slip and fall", claimant, "Lobby", 5000m, "front desk", actor);
        var reserve = new ReserveEntry("indemnity", 0m, 9000m, "initial", When, actor);
        var payment = new ClaimPayment(4000m, 1000m, 3000m, "Pat Visitor", "first", When, actor);
        var transition = new ClaimTransition("open", "investigating", When, actor, "assigned");
        var claimInfo = new ClaimInfo("clm_1", "CLM-2027-000001", "in_settlement", "pol_1", "GL-2027-000001", 2, 1_000_000m, 1000m, "USD",
            new DateOnly(2027, 3, 4), "Slip and fall", claimant, "Lobby", 5000m, "front desk", "adj_1", true, 6000m, 500m, [reserve], [payment],
            [transition], When, actor, When, null, 5);
        yield return [claimant];
        yield return [notice];
        yield return [reserve];
        yield return [payment];
        yield return [transition];
        yield return [new ReserveChange("expense", 500m, "counsel", actor)];
        yield return [new ClaimSettlement(4000m, "Pat Visitor", null, actor)];
        yield return [claimInfo];
        yield return [Outcome<ClaimInfo>.Ok(claimInfo)];
        yield return [new ClaimState
        {
            Notice = notice, ClaimNumber = "CLM-2027-000001", PolicyNumber = "GL-2027-000001", PolicyVersion = 2, PerOccurrenceLimit = 1_000_000m,
            Deductible = 1000m, Currency = "USD", Status = "in_settlement", AdjusterId = "adj_1", Litigation = true, IndemnityReserve = 6000m,
            ExpenseReserve = 500m, ReserveHistory = [reserve], Payments = [payment], Transitions = [transition], CreatedAt = When, UpdatedAt = When,
            ClosedAt = When, Version = 5, Outbox = [domainEvent],
        }];

        var line = new InvoiceLine("premium", "Premium, installment 1 of 10", 95.25m);
        var newInvoice = new NewInvoice("pol_1", "GL-2027-000001", "GL-2027-000001-01", 1, new DateOnly(2027, 1, 1), "USD", [line], actor);
        var invoicePayment = new InvoicePayment("pay_1", 50m, "check", "chk 1042", null, When, actor);
        var attempt = new PaymentAttempt("retry-1", When, "pm_card_chargeDeclined", "pi_1", "requires_payment_method", 95.25m, "generic_decline",
            "Your card was declined.", "inv_1:retry-1");
        var refund = new InvoiceRefund("rfd_1", 10m, "goodwill", "pay_1", "re_1", When, actor);
        var invoiceTransition = new InvoiceTransition("open", "payment_failed", When, actor, "declined");
        var invoiceInfo = new InvoiceInfo("inv_1", "GL-2027-000001-01", "pol_1", "GL-2027-000001", 1, "payment_failed", "USD", new DateOnly(2027, 1, 1),
            [line], 95.25m, 50m, 10m, 45.25m, [invoicePayment], [attempt], [refund], When.AddDays(3), [invoiceTransition], When, actor, When, 4);
        var billed = new BilledInstallment(1, new DateOnly(2027, 1, 1), [line]);
        var instruction = new BillingInstruction("pol_1/bind", "bind", "pol_1", "GL-2027-000001", "USD", [billed], When, actor);
        yield return [line];
        yield return [newInvoice];
        yield return [newInvoice with { CreatedAt = When }];
        yield return [invoicePayment];
        yield return [attempt];
        yield return [refund];
        yield return [invoiceTransition];
        yield return [invoiceInfo];
        yield return [new ManualPayment(50m, "wire", "fed 881", actor)];
        yield return [Outcome<InvoiceInfo>.Ok(invoiceInfo)];
        yield return [Outcome<PaymentIntentInfo>.Ok(new PaymentIntentInfo("pi_1", "pi_1_secret_x", "succeeded", 95.25m, "USD", "pm_card_visa", null, null, invoiceInfo))];
        yield return [billed];
        yield return [instruction];
        yield return [new PendingInvoice("inv_1", newInvoice)];
        yield return [new BillingOperation("v3:inv_1", "inv_1", [line with { Kind = "credit", Amount = -20m }], 0m, "cancel", actor)];
        yield return [new LedgerTransaction("4.1", "USD", When, "bind", "pol_1", [new LedgerEntry("cash", 10m, 0m), new LedgerEntry("premium_receivable", 0m, 10m)])];
        yield return [new RefundInFlight("rfd_1", "inv_1:refund-1", "pi_1", "pay_1", 10m, "goodwill", "v3:inv_1:refund", actor)];
        yield return [new ChargeInFlight("collect", "inv_1:collect", 95.25m, "pm_card_visa", true, actor)];
        yield return [new EarnedPremium(new DateOnly(2027, 6, 30), "USD", 1000m, 495.89m, 504.11m)];
        yield return [new InvoiceState
        {
            Terms = newInvoice, Status = "payment_failed", Payments = [invoicePayment], Attempts = [attempt], Refunds = [refund],
            Transitions = [invoiceTransition], NextRetryAt = When.AddDays(3), CreatedAt = When, UpdatedAt = When, Version = 4, Outbox = [domainEvent],
        }];
        var webhook = new WebhookEndpointInfo("whk_1", "org_1", "sandbox", "https://hooks.example.com/insure", ["policy.*"], "ops", true, When, When,
            actor, null, null, When, When.AddDays(1), null);
        var webhookAttempt = new WebhookAttempt(When, 500, 120, "oops", null, "event");
        var delivery = new WebhookDeliveryInfo("dlv_1", "whk_1", "evt_1", "policy.bound", "pending", When, When.AddMinutes(1), [webhookAttempt], false, 1, null);
        yield return [new NewWebhookEndpoint("https://hooks.example.com/insure", ["*"], null, actor)];
        yield return [new WebhookEndpointChange(null, ["claim.filed"], "new", false, actor)];
        yield return [webhook];
        yield return [Outcome<WebhookEndpointInfo>.Ok(webhook)];
        yield return [Outcome<WebhookEndpointSecret>.Ok(new WebhookEndpointSecret(webhook, "whsec_abc"))];
        yield return [new WebhookTarget("https://hooks.example.com/insure", true, ["whsec_new", "whsec_old"])];
        yield return [new WebhookSubscription("whk_1", ["policy.*"], true)];
        yield return [new WebhookDispatchStatus(42, 3, 2)];
        yield return [new WebhookDeliveryOrder("whk_1", domainEvent, Replay: true)];
        yield return [webhookAttempt];
        yield return [new WebhookAttemptResult(null, TimeSpan.FromSeconds(10), null, "timed out after 10 s: no response")];
        yield return [delivery];
        yield return [Outcome<WebhookDeliveryInfo>.Ok(delivery)];
        yield return [Outcome<WebhookReplay>.Ok(new WebhookReplay([new WebhookReplayed("dlv_2", "evt_1")]))];
        yield return [new WebhookEndpointState
        {
            Url = "https://hooks.example.com/insure", Events = ["policy.*"], Description = "ops", Enabled = false, Secret = "whsec_new",
            PreviousSecret = "whsec_old", PreviousSecretExpiresAt = When, CreatedAt = When, UpdatedAt = When, CreatedBy = actor, DisabledAt = When,
            DisabledReason = "failing", FailingSince = When, DispatcherStale = true, Version = 3, Outbox = [domainEvent],
        }];
        yield return [new WebhookDeliveryState
        {
            WebhookId = "whk_1", Event = domainEvent, Status = "pending", CreatedAt = When, NextAttemptAt = When, RetriesUsed = 1, Attempts = [webhookAttempt],
            AttemptCount = 1, Replay = true, ReminderSet = true, CancelReason = null, Version = 2,
        }];
        yield return [new WebhookDispatcherState { Subscriptions = { ["whk_1"] = new WebhookSubscription("whk_1", ["*"], true) }, Cursor = 42, Started = true }];
        var participant = new DealRoomParticipant("brk_1", "Bea Broker", "broker", When);
        var message = new DealRoomMessage("msg_1", "dr_1", "brk_1", "1M xs 25k?", When);
        var room = new DealRoomInfo("dr_1", "org_1", "sandbox", "sub_1", "Harbor GL", [participant], 1, When, When, actor);
        yield return [participant];
        yield return [message];
        yield return [room];
        yield return [new NewDealRoom("sub_1", "Harbor GL", [participant], actor)];
        yield return [new NewDealRoomMessage("brk_1", "hello")];
        yield return [new NewDealRoomMessage("brk_1", "hello", "msgreq_01KAAAAAAAAAAAAAAAAAAAAAAA")];
        yield return [new PostedRequest("msgreq_01KAAAAAAAAAAAAAAAAAAAAAAA", "msg_01KAAAAAAAAAAAAAAAAAAAAAAA", When)];
        yield return [new DealRoomSignal(DealRoomSignals.Message, "dr_1", "brk_1", null, message)];
        yield return [new DealRoomSignal(DealRoomSignals.Typing, "dr_1", "uw_1", "Uma Underwriter", null)];
        yield return [new DealRoomHistoryQuery("msg_1", null, 30)];
        yield return [Outcome<DealRoomHistoryPage>.Ok(new DealRoomHistoryPage([message], true, 130))];
        yield return [Outcome<DealRoomInfo>.Ok(room)];
        yield return [Outcome<DealRoomMessage>.Ok(message)];
        yield return [new DealRoomState
        {
            SubmissionId = "sub_1", Name = "Harbor GL", Participants = [participant], MessageCount = 51, SealedSegments = 1, Open = [message],
            LastMessageAt = When, CreatedAt = When, CreatedBy = actor, Version = 52, Outbox = [domainEvent],
        }];
        yield return [new DealRoomSegmentState { Messages = [message] }];
        var referralNotice = new ReferralNotice("ref_1", ReferralStatuses.Approved, When);
        var referralDecision = new ReferralDecision("approve", "fine at 3M", When, actor);
        var systemMessage = new DealRoomSystemMessage("ref_1/decision/1", "Referral ref_1 on submission sub_1 approved by key_1");
        var referral = new ReferralInfo("ref_1", "org_1", "sandbox", "submission", "sub_1", "Limit above authority", "approved", false, "dr_1", "uw_1",
            [referralDecision], When, When, actor);
        yield return [message with { AuthorId = "system", Kind = DealRoomMessageKinds.System }];
        yield return [systemMessage];
        yield return [referralNotice];
        yield return [referralDecision];
        yield return [referral];
        yield return [Outcome<ReferralInfo>.Ok(referral)];
        yield return [new NewReferral("policy", "pol_1", "Limit above authority", "dr_1", null, actor)];
        yield return [new NewReferralDecision("request_info", "loss runs?", actor)];
        yield return [new ReferralInstruction(referralNotice)];
        yield return [new ReferralInstruction(RoomMessage: systemMessage)];
        yield return [new Endorsement(new DateOnly(2027, 4, 1), new Dictionary<string, string> { ["requestedLimit"] = "3000000" }, null, "limit", actor, "ref_1")];
        yield return [version with { ReferralId = "ref_1" }];
        yield return [new ReferralState
        {
            EntityType = "submission", EntityId = "sub_1", Reason = "Limit above authority", Status = "approved", DealRoomId = "dr_1", AssignedTo = "uw_1",
            Decisions = [referralDecision], CreatedAt = When, UpdatedAt = When, CreatedBy = actor, Version = 2, Outbox = [domainEvent],
            Pending = [new ReferralInstruction(referralNotice), new ReferralInstruction(RoomMessage: systemMessage)],
        }];
        var license = new ProducerLicense("TX", "TX-1", ["GL", "dinosure"], new DateOnly(2027, 12, 31));
        var appointment = new ProducerAppointment("apt_1", "prd_1", "TX", "GL", new DateOnly(2026, 12, 1), AppointmentStatuses.Active, When, When);
        var producer = new ProducerInfo("prd_2", ProducerTypes.Agent, "Ana Agent", "ana@example.com", "1234567", "prd_1", null, ProducerStatuses.Suspended,
            [license], [appointment], When, When, actor);
        yield return [license];
        yield return [appointment];
        yield return [producer];
        yield return [Outcome<ProducerInfo>.Ok(producer)];
        yield return [Outcome<ProducerAppointment>.Ok(appointment)];
        yield return [new NewProducer("agency", "Lone Star", null, null, null, "ls-42", [license], actor)];
        yield return [new ProducerPatch("Lone Star Group", "desk@example.com", "42", "ls-43", ProducerStatuses.Terminated, [license], actor)];
        yield return [new NewAppointment("TX", "GL", new DateOnly(2026, 12, 1), actor)];
        yield return [new ProducerAuthority(true, "prd_1", ["agency prd_1 is suspended"])];
        yield return [quote with { Warnings = ["agent prd_2 holds no TX license (needed for GL on 2027-01-01)"] }];
        yield return [new ProducerState
        {
            Type = ProducerTypes.Agency, Name = "Lone Star Brokers", Email = "desk@example.com", Npn = "1234567", AgencyId = null, PartnerAgencyId = "ls-42",
            Status = ProducerStatuses.Suspended, Licenses = [license], Appointments = [appointment], CreatedAt = When, UpdatedAt = When, CreatedBy = actor,
            Version = 3, Outbox = [domainEvent],
        }];
        yield return [new ProducerStanding("prd_2", ProducerStatuses.Terminated, 7)];
        yield return [new AgencyTokenCheck(false, "prd_2", ProducerStatuses.Suspended)];
        yield return [new PolicyBillingState { InvoiceIds = ["inv_1", "inv_2"], Applied = ["pol_1/bind"], Pending = [new PendingInvoice("inv_2", newInvoice)], PaymentMethod = "pm_card_visa" }];
        // Its later fields (ToWake, ReminderDueAt) are not in its stored fixture, which must keep reading as it was.
        yield return [new InvoiceToWake("inv_3", new DateOnly(2027, 3, 1))];
        var reached = new IntegrationAgency("prd_1", "7XKcegdY6GakJ1UHJ9SWpFkC", When);
        var integration = new IntegrationInfo("int_1", "org_1", "sandbox", "Rater", ["submissions:write"], "isk_test_", "abcd", [reached], When, When, When, actor);
        var grant = new AgencyTokenGrant("int_1", "7XKcegdY6GakJ1UHJ9SWpFkC", "prd_1", "prd_2", 2, 5);
        var revocation = new AgencyTokenRevocation("prd_1", 2, When, actor);
        var signingKey = new AgencyTokenKey("kid-1", [1, 2], [3, 4], [5, 6, 7], When, When.AddDays(1), When.AddDays(8));
        yield return [reached];
        yield return [integration];
        yield return [Outcome<IntegrationInfo>.Ok(integration)];
        yield return [new NewIntegration("Rater", ["policies:read"], ["prd_1"], [1, 2], "abcd", actor, ["*"])];
        yield return [new IntegrationKeyCheck(true, 3)];
        yield return [new IntegrationTokenCheck(ApiKeyStatus.Revoked, ["policies:read"])];
        yield return [new AgencyTokenRequest("jo@example.com", "prd_2", "P-1", "7XKcegdY6GakJ1UHJ9SWpFkC")];
        yield return [grant];
        yield return [Outcome<AgencyTokenResolution>.Ok(new AgencyTokenResolution(grant, []))];
        yield return [new AgencyTokenResolution(null, [new TokenReferenceChoice("Main Street", "", "Rater", "7XKcegdY6GakJ1UHJ9SWpFkC")])];
        yield return [revocation];
        yield return [Outcome<AgencyTokenRevocation>.Ok(revocation)];
        yield return [signingKey];
        yield return [new AgencyTokenKeySet([signingKey, signingKey with { KeyId = "kid-2", RetiredAt = null, VerifyUntil = null }])];
        yield return [new IntegrationState
        {
            Name = "Rater", Scopes = ["submissions:write"], SecretHash = [9, 8], Last4 = "abcd", KeyGeneration = 2, Agencies = [reached],
            CreatedAt = When, UpdatedAt = When, KeyRotatedAt = When, CreatedBy = actor, Version = 3, Outbox = [domainEvent],
        }];
        yield return [new AgencyTokensState { Generation = 4, RevokedAt = When, RevokedBy = actor, Version = 4, Outbox = [domainEvent] }];
        yield return [new AgencyTokenKeysState { Keys = [signingKey] }];
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryWireType_RoundTripsThroughOrleansSerializer(object sample)
    {
        var bytes = Serializer.SerializeToArray(sample);
        var copy = Serializer.Deserialize<object>(bytes);
        Assert.IsType(sample.GetType(), copy);
        Assert.Equal(JsonSerializer.Serialize(sample, sample.GetType()), JsonSerializer.Serialize(copy, sample.GetType()));
    }

    [Fact]
    public void EveryTypeInAGrainInterface_HasACodec()
    {
        var codecs = fixture.Cluster.ServiceProvider.GetRequiredService<ICodecProvider>();
        // A generic grain interface is checked as the grain interfaces close it (ILeasedRead<SubmissionInfo>).
        var interfaces = typeof(IApiKeyGrain).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t) && !t.ContainsGenericParameters)
            .SelectMany(i => i.GetInterfaces().Where(b => b.IsGenericType).Prepend(i))
            .Distinct();
        var types = new HashSet<Type>();
        foreach (var method in interfaces.SelectMany(i => i.GetMethods()))
        {
            foreach (var type in method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType))
            {
                Collect(type, types);
            }
        }
        Assert.NotEmpty(types);
        Assert.All(types, type =>
        {
            Assert.True(codecs.TryGetCodec(type) is not null, $"{type} has no Orleans codec");
            // A grain or observer reference (an observer passed to subscribe) travels as a reference, with Orleans' own codec.
            if (type.Namespace?.StartsWith("Insure", StringComparison.Ordinal) == true && !type.IsEnum && !type.IsArray
                && !typeof(IAddressable).IsAssignableFrom(type))
            {
                Assert.True(type.GetCustomAttribute<GenerateSerializerAttribute>() is not null, $"{type} lacks [GenerateSerializer]");
                Assert.True(type.GetCustomAttribute<AliasAttribute>() is not null, $"{type} lacks [Alias]");
            }
        });
    }

    [Fact]
    public void EveryGrainState_IsAliasedAndGenerated()
    {
        var states = typeof(ApiKeyState).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("State", StringComparison.Ordinal) && t.IsClass && t.Namespace?.StartsWith("Insure.", StringComparison.Ordinal) == true)
            .ToList();
        var sampled = Samples().Select(s => s[0].GetType()).ToHashSet();
        Assert.All(states, t =>
        {
            Assert.NotNull(t.GetCustomAttribute<GenerateSerializerAttribute>());
            Assert.NotNull(t.GetCustomAttribute<AliasAttribute>());
            Assert.True(sampled.Contains(t), $"{t.Name} has no sample here, so no stored fixture pins its format");
        });
    }

    /// <summary>
    /// State a previous build wrote (Fixtures/*.bin, made by the storage serializer Postgres mode uses) must still
    /// read. INSURE_WRITE_STATE_FIXTURES=1 dotnet test --filter StoredState writes fixtures for new state types only;
    /// existing ones are never rewritten.
    /// </summary>
    [Fact]
    public void StoredStateFromAnEarlierBuild_StillReads()
    {
        var storage = new OrleansGrainStorageSerializer(Serializer);
        var samples = Samples().Select(s => s[0]).Where(s => s.GetType().Name.EndsWith("State", StringComparison.Ordinal)).ToList();
        var folder = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        if (Environment.GetEnvironmentVariable("INSURE_WRITE_STATE_FIXTURES") == "1")
        {
            var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Fixtures"));
            foreach (var sample in samples.Where(s => !File.Exists(Path.Combine(source, s.GetType().Name + ".bin"))))
            {
                var write = typeof(OrleansGrainStorageSerializer).GetMethod(nameof(OrleansGrainStorageSerializer.Serialize))!.MakeGenericMethod(sample.GetType());
                File.WriteAllBytes(Path.Combine(source, sample.GetType().Name + ".bin"), ((BinaryData)write.Invoke(storage, [sample])!).ToArray());
            }
        }
        foreach (var sample in samples)
        {
            var path = Path.Combine(folder, sample.GetType().Name + ".bin");
            Assert.True(File.Exists(path), $"missing fixture {path}");
            var read = typeof(OrleansGrainStorageSerializer).GetMethod(nameof(OrleansGrainStorageSerializer.Deserialize))!.MakeGenericMethod(sample.GetType());
            var state = read.Invoke(storage, [BinaryData.FromBytes(File.ReadAllBytes(path))]);
            Assert.Equal(JsonSerializer.Serialize(sample, sample.GetType()), JsonSerializer.Serialize(state, sample.GetType()));
        }
    }

    private static void Collect(Type type, HashSet<Type> types)
    {
        if (type == typeof(Task) || type == typeof(ValueTask) || type == typeof(void))
        {
            return;
        }
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            Collect(type.GetGenericArguments()[0], types);
            return;
        }
        if (type.IsArray)
        {
            Collect(type.GetElementType()!, types);
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Outcome<>))
        {
            Collect(type.GetGenericArguments()[0], types);
        }
        types.Add(Nullable.GetUnderlyingType(type) ?? type);
    }
}
