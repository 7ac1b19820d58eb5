using Insure.Grains.Organizations;

namespace Insure.Grains.Tests.Organizations;

public sealed class OrganizationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly OrganizationProfile Acme = new("Acme", OrganizationTiers.Standard, true, OrganizationStatuses.Active);

    private static OrganizationState.LiveKey Key(string id, DateTimeOffset? expiresAt = null, string environment = Tenant.Sandbox) =>
        new(environment, id, expiresAt);

    private static OrganizationState Organization(bool liveApproved, params OrganizationState.LiveKey[] keys) =>
        new() { Name = "Acme", LiveApproved = liveApproved, LiveKeys = [.. keys] };

    private static OrganizationInfo Info(bool liveApproved, string status) =>
        new("org_1", "Acme", OrganizationTiers.Standard, liveApproved, Now, Actor.Platform, Now, status);

    [Fact]
    public void Update_WithNothingSet_KeepsTheProfile()
    {
        Assert.Equal(Acme, OrganizationRules.Update(Acme, new OrganizationUpdate(null, null, null)));
    }

    [Fact]
    public void Update_ReplacesEachFieldItSets_AndOnlyThat()
    {
        Assert.Equal(Acme with { Name = "Acme 2" }, OrganizationRules.Update(Acme, new OrganizationUpdate(null, null, "Acme 2")));
        Assert.Equal(Acme with { Tier = OrganizationTiers.Enterprise }, OrganizationRules.Update(Acme, new OrganizationUpdate(OrganizationTiers.Enterprise, null, null)));
        Assert.Equal(Acme with { Status = OrganizationStatuses.Suspended },
            OrganizationRules.Update(Acme, new OrganizationUpdate(null, null, null, OrganizationStatuses.Suspended)));
        Assert.Equal(new OrganizationProfile("B", OrganizationTiers.Enterprise, false, OrganizationStatuses.Suspended),
            OrganizationRules.Update(Acme, new OrganizationUpdate(OrganizationTiers.Enterprise, false, "B", OrganizationStatuses.Suspended)));
    }

    [Fact]
    public void Update_LiveApprovedFalse_IsAValue_ThatWithdrawsApproval()
    {
        Assert.False(OrganizationRules.Update(Acme, new OrganizationUpdate(null, false, null)).LiveApproved);
        Assert.True(OrganizationRules.Update(Acme with { LiveApproved = false }, new OrganizationUpdate(null, true, null)).LiveApproved);
    }

    [Fact]
    public void Admission_Suspended_RefusesEveryEnvironment_EvenWhenApproved()
    {
        Assert.Equal(ApiKeyStatus.OrganizationSuspended, OrganizationRules.Admission(Info(true, OrganizationStatuses.Suspended), Tenant.Sandbox));
        Assert.Equal(ApiKeyStatus.OrganizationSuspended, OrganizationRules.Admission(Info(true, OrganizationStatuses.Suspended), Tenant.Production));
        // Suspension is reported ahead of the missing live approval.
        Assert.Equal(ApiKeyStatus.OrganizationSuspended, OrganizationRules.Admission(Info(false, OrganizationStatuses.Suspended), Tenant.Production));
    }

    [Fact]
    public void Admission_Production_NeedsLiveApproval_SandboxDoesNot()
    {
        Assert.Equal(ApiKeyStatus.LiveNotApproved, OrganizationRules.Admission(Info(false, OrganizationStatuses.Active), Tenant.Production));
        Assert.Equal(ApiKeyStatus.Valid, OrganizationRules.Admission(Info(true, OrganizationStatuses.Active), Tenant.Production));
        Assert.Equal(ApiKeyStatus.Valid, OrganizationRules.Admission(Info(false, OrganizationStatuses.Active), Tenant.Sandbox));
    }

    [Fact]
    public void LiveKeys_CountsTheEnvironmentsUnexpiredKeys_AKeyExpiringNowIsOut()
    {
        OrganizationState.LiveKey[] keys =
        [
            Key("key_forever"),
            Key("key_later", Now.AddTicks(1)),
            Key("key_now", Now),
            Key("key_gone", Now.AddDays(-1)),
            Key("key_prod", null, Tenant.Production),
        ];
        Assert.Equal(2, OrganizationRules.LiveKeys(keys, Tenant.Sandbox, Now));
        Assert.Equal(1, OrganizationRules.LiveKeys(keys, Tenant.Production, Now));
        Assert.False(OrganizationRules.IsLive(Key("key_now", Now), Now));
        Assert.True(OrganizationRules.IsLive(Key("key_later", Now.AddTicks(1)), Now));
    }

    [Fact]
    public void Reserve_TheLastAllowedKey_IsReserved_AndAddedToTheLiveKeys()
    {
        var organization = Organization(false, Key("key_a"));
        var reservation = OrganizationRules.Reserve(organization, Tenant.Sandbox, "key_b", Now.AddDays(1), 2, Now);
        Assert.Equal(new ApiKeyReservation(ApiKeyReservationOutcome.Reserved, 2), reservation.Reply);
        Assert.Equal([Key("key_a"), Key("key_b", Now.AddDays(1))], reservation.LiveKeys!);
        // Decided, not applied: the state the rule read is untouched.
        Assert.Single(organization.LiveKeys);
    }

    [Fact]
    public void Reserve_AtTheCap_IsRefused_AndWritesNothing()
    {
        var reservation = OrganizationRules.Reserve(Organization(false, Key("key_a"), Key("key_b")), Tenant.Sandbox, "key_c", null, 2, Now);
        Assert.Equal(new ApiKeyReservation(ApiKeyReservationOutcome.LimitReached, 2), reservation.Reply);
        Assert.Null(reservation.LiveKeys);
    }

    [Fact]
    public void Reserve_CountsOnlyTheEnvironmentsLiveKeys_AndDropsExpiredOnesOfEveryEnvironment()
    {
        var organization = Organization(true, Key("key_a"), Key("key_expired", Now), Key("key_prod_expired", Now.AddDays(-1), Tenant.Production),
            Key("key_prod", null, Tenant.Production));
        var reservation = OrganizationRules.Reserve(organization, Tenant.Sandbox, "key_b", null, 2, Now);
        Assert.Equal(new ApiKeyReservation(ApiKeyReservationOutcome.Reserved, 2), reservation.Reply);
        Assert.Equal([Key("key_a"), Key("key_prod", null, Tenant.Production), Key("key_b")], reservation.LiveKeys!);
    }

    [Fact]
    public void Reserve_AProductionKey_NeedsLiveApproval_WhateverTheCount()
    {
        var unapproved = OrganizationRules.Reserve(Organization(false), Tenant.Production, "key_p", null, 100, Now);
        Assert.Equal(new ApiKeyReservation(ApiKeyReservationOutcome.NotLiveApproved, 0), unapproved.Reply);
        Assert.Null(unapproved.LiveKeys);
        var approved = OrganizationRules.Reserve(Organization(true), Tenant.Production, "key_p", null, 100, Now);
        Assert.Equal(new ApiKeyReservation(ApiKeyReservationOutcome.Reserved, 1), approved.Reply);
    }

    [Fact]
    public void Reserve_AKeyAlreadyExpired_IsNotCountedInTheReply()
    {
        var reservation = OrganizationRules.Reserve(Organization(false, Key("key_a")), Tenant.Sandbox, "key_b", Now, 2, Now);
        Assert.Equal(new ApiKeyReservation(ApiKeyReservationOutcome.Reserved, 1), reservation.Reply);
    }

    [Fact]
    public void Release_DropsOnlyThatKeyOfThatEnvironment_AndNothingWhenItWasNotCounted()
    {
        List<OrganizationState.LiveKey> keys = [Key("key_a"), Key("key_a", null, Tenant.Production), Key("key_b")];
        Assert.Equal([Key("key_a", null, Tenant.Production), Key("key_b")], OrganizationRules.Release(keys, Tenant.Sandbox, "key_a")!);
        Assert.Null(OrganizationRules.Release(keys, Tenant.Sandbox, "key_c"));
        Assert.Null(OrganizationRules.Release(keys, Tenant.Production, "key_b"));
        Assert.Equal(3, keys.Count);
    }
}
