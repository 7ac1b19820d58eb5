using Insure.Grains.ApiKeys;

namespace Insure.Grains.Tests.ApiKeys;

public sealed class ApiKeyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static NewApiKey Request(string[] scopes, DateTimeOffset? expiresAt = null, KeyCreator? creator = null) =>
        new("worker", scopes, expiresAt, Actor.Platform, [1, 2], "abcd", creator);

    private static KeyCreator Creator(string[] scopes, DateTimeOffset? expiresAt = null, string environment = Tenant.Sandbox) =>
        new("key_parent", environment, scopes, expiresAt);

    [Fact]
    public void Issue_WithoutScopes_OrWithAnUnknownOne_IsValidationFailedNamingIt()
    {
        Assert.Equal("scopes", ApiKeyRules.Issue(Request([]), Tenant.Sandbox, Now).Violation!.Details!["field"]);
        var unknown = ApiKeyRules.Issue(Request(["policies:read", "boats:write"]), Tenant.Sandbox, Now).Violation!;
        Assert.Equal(ErrorCodes.ValidationFailed, unknown.Code);
        Assert.Equal("scopes[1]", unknown.Details!["field"]);
    }

    [Fact]
    public void Issue_ExpiringNowOrEarlier_IsRefused()
    {
        Assert.Equal("expiresAt", ApiKeyRules.Issue(Request(["*"], Now), Tenant.Sandbox, Now).Violation!.Details!["field"]);
        Assert.Null(ApiKeyRules.Issue(Request(["*"], Now.AddSeconds(1)), Tenant.Sandbox, Now).Violation);
    }

    [Fact]
    public void Issue_ByThePlatform_KeepsWhatWasAsked_WithEachScopeOnce()
    {
        var terms = ApiKeyRules.Issue(Request(["events:read", "events:read", "policies:write"], Now.AddDays(400)), Tenant.Production, Now).Facts!;
        Assert.Equal(["events:read", "policies:write"], terms.Scopes);
        Assert.Equal(Now.AddDays(400), terms.ExpiresAt);
    }

    [Fact]
    public void Issue_AScopeTheCreatorLacks_IsForbidden_ButWriteCoversRead()
    {
        var creator = Creator(["policies:write"]);
        Assert.Null(ApiKeyRules.Issue(Request(["policies:read"], creator: creator), Tenant.Sandbox, Now).Violation);
        var refused = ApiKeyRules.Issue(Request(["policies:read", "claims:read"], creator: creator), Tenant.Sandbox, Now).Violation!;
        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        Assert.Contains("claims:read", refused.Message);
    }

    [Fact]
    public void ReferralsDecide_IsAScopeOfItsOwn_ThatWriteDoesNotCover()
    {
        Assert.True(ApiScopes.IsValid("referrals:decide"));
        Assert.False(ApiScopes.IsValid("policies:decide"));
        Assert.True(ApiScopes.Covers("*", "referrals:decide"));
        Assert.True(ApiScopes.Covers("referrals:decide", "referrals:decide"));
        Assert.False(ApiScopes.Covers("referrals:write", "referrals:decide"));
        Assert.False(ApiScopes.Covers("referrals:decide", "referrals:read"));

        Assert.Equal(["referrals:decide"], ApiKeyRules.Issue(Request(["referrals:decide"]), Tenant.Sandbox, Now).Facts!.Scopes);
        Assert.Null(ApiKeyRules.Issue(Request(["referrals:decide"], creator: Creator(["*"])), Tenant.Sandbox, Now).Violation);
        var refused = ApiKeyRules.Issue(Request(["referrals:decide"], creator: Creator(["referrals:write"])), Tenant.Sandbox, Now).Violation!;
        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        Assert.Contains("referrals:decide", ApiKeyRules.Issue(Request(["referrals:approve"]), Tenant.Sandbox, Now).Violation!.Message);
    }

    [Fact]
    public void Issue_IntoAnotherEnvironment_IsForbidden()
    {
        var refused = ApiKeyRules.Issue(Request(["*"], creator: Creator(["*"])), Tenant.Production, Now).Violation!;
        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
    }

    [Fact]
    public void Issue_NeverOutlivesTheCreator()
    {
        var ceiling = Now.AddDays(7);
        var creator = Creator(["*"], ceiling);
        Assert.Equal(ceiling, ApiKeyRules.Issue(Request(["*"], Now.AddDays(30), creator), Tenant.Sandbox, Now).Facts!.ExpiresAt);
        Assert.Equal(ceiling, ApiKeyRules.Issue(Request(["*"], null, creator), Tenant.Sandbox, Now).Facts!.ExpiresAt);
        Assert.Equal(Now.AddDays(1), ApiKeyRules.Issue(Request(["*"], Now.AddDays(1), creator), Tenant.Sandbox, Now).Facts!.ExpiresAt);
        Assert.Null(ApiKeyRules.Issue(Request(["*"], null, Creator(["*"])), Tenant.Sandbox, Now).Facts!.ExpiresAt);
    }

    [Fact]
    public void Reserved_MapsEachRefusalToTheContract()
    {
        Assert.Null(ApiKeyRules.Reserved(new ApiKeyReservation(ApiKeyReservationOutcome.Reserved, 3), Tenant.Sandbox, 100));
        Assert.Equal(ErrorCodes.NotFound, ApiKeyRules.Reserved(new ApiKeyReservation(ApiKeyReservationOutcome.NoOrganization, 0), Tenant.Sandbox, 100)!.Code);
        Assert.Equal(ErrorCodes.Forbidden, ApiKeyRules.Reserved(new ApiKeyReservation(ApiKeyReservationOutcome.NotLiveApproved, 0), Tenant.Production, 100)!.Code);
        var full = ApiKeyRules.Reserved(new ApiKeyReservation(ApiKeyReservationOutcome.LimitReached, 100), Tenant.Sandbox, 100)!;
        Assert.Equal(ErrorCodes.BusinessRuleViolation, full.Code);
        Assert.Equal("max_live_keys", full.Details!["rule"]);
        Assert.Equal("100", full.Details["limit"]);
    }

    [Fact]
    public void Revoke_AKeyWithBroaderScopes_IsForbidden_UnlessThePlatformOrACascadeAsks()
    {
        Assert.Equal(ErrorCodes.Forbidden, ApiKeyRules.Revoke("key_1", ["*"], ["api_keys:write"])!.Code);
        Assert.Equal(ErrorCodes.Forbidden, ApiKeyRules.Revoke("key_1", ["policies:write"], ["policies:read"])!.Code);
        Assert.Null(ApiKeyRules.Revoke("key_1", ["policies:read"], ["policies:write"]));
        Assert.Null(ApiKeyRules.Revoke("key_1", ["*"], ["*"]));
        Assert.Null(ApiKeyRules.Revoke("key_1", ["*"], null));
    }

    [Fact]
    public void Standing_RevokedBeatsExpired_AndAKeyExpiresAtItsInstant()
    {
        Assert.Equal(ApiKeyStatus.Valid, ApiKeyRules.Standing(null, null, Now));
        Assert.Equal(ApiKeyStatus.Valid, ApiKeyRules.Standing(null, Now.AddTicks(1), Now));
        Assert.Equal(ApiKeyStatus.Expired, ApiKeyRules.Standing(null, Now, Now));
        Assert.Equal(ApiKeyStatus.Revoked, ApiKeyRules.Standing(Now.AddDays(-1), Now.AddDays(-2), Now));
    }
}
