using Insure.Grains.Policyholders;

namespace Insure.Grains.Tests.Policyholders;

/// <summary>The policyholder rules as pure functions. Today is 2026-11-01.</summary>
public sealed class PolicyholderRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 1);

    private static readonly PolicyholderDetails Jane = new(PolicyholderTypes.Individual, "Jane", "Doe", null, null, "jane@example.com",
        "+1 (555) 010-0100", new DateOnly(1990, 1, 2), new Address("1 Main St", "Suite 2", "Austin", "TX", "78701", "US"));

    private static readonly PolicyholderDetails Acme = new(PolicyholderTypes.Company, null, null, "Acme Software LLC", "TX-0801234567",
        "ops@acme.example", null, null, new Address("500 Congress Ave", null, "Austin", "TX", "78701", "US"));

    /// <summary>Nothing set but the type: a PATCH that changes only what it names.</summary>
    private static readonly PolicyholderDetails Patch = new("", null, null, null, null, null, null, null, null);

    private static void Refused(PolicyholderDetails details, string field, string rule)
    {
        var violation = PolicyholderRules.Check(details, Today);
        Assert.NotNull(violation);
        Assert.Equal(ErrorCodes.ValidationFailed, violation.Code);
        Assert.Equal((field, rule), (violation.Details!["field"], violation.Details["rule"]));
    }

    [Fact]
    public void APolicyholder_BelongsToTheAgencyWhoseTokenCreatedIt_AndOnlyThatAgencysTokensSeeIt()
    {
        var key = Actor.ApiKey("key_1", "org_1");
        var token = Actor.AgencyToken("ref_1", "prd_agency", "prd_agent");
        Assert.Null(PolicyholderRules.AgencyOf(key));
        Assert.Equal("prd_agency", PolicyholderRules.AgencyOf(token));

        var agencys = new PolicyholderInfo("ph_1", Acme, default, default, token, "prd_agency");
        var direct = new PolicyholderInfo("ph_2", Acme, default, default, key);
        Assert.True(PolicyholderRules.SeenBy(agencys, token));
        Assert.True(PolicyholderRules.SeenBy(agencys, Actor.AgencyToken("ref_2", "prd_agency", null)));
        Assert.False(PolicyholderRules.SeenBy(agencys, Actor.AgencyToken("ref_3", "prd_other", null)));
        Assert.False(PolicyholderRules.SeenBy(direct, token));
        Assert.True(PolicyholderRules.SeenBy(agencys, key));
        Assert.True(PolicyholderRules.SeenBy(direct, key));
    }

    [Fact]
    public void Check_ValidIndividualAndCompany_Pass()
    {
        Assert.Null(PolicyholderRules.Check(Jane, Today));
        Assert.Null(PolicyholderRules.Check(Acme, Today));
        Assert.Null(PolicyholderRules.Check(Jane with { Email = null, Phone = null, DateOfBirth = null, Address = null }, Today));
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData(" ", "required")]
    [InlineData("person", "enum")]
    [InlineData("Individual", "enum")]
    public void Check_Type_IsRequiredAndOneOfTwo(string type, string rule) => Refused(Jane with { Type = type }, "type", rule);

    [Fact]
    public void Check_AnIndividual_NeedsBothNames_WithinTheirLengths()
    {
        Refused(Jane with { FirstName = null }, "firstName", "required");
        Refused(Jane with { LastName = " " }, "lastName", "required");
        Refused(Jane with { FirstName = new string('j', 101) }, "firstName", "max_length");
        Refused(Jane with { LastName = new string('d', 101) }, "lastName", "max_length");
        Assert.Null(PolicyholderRules.Check(Jane with { FirstName = new string('j', 100), LastName = new string('d', 100) }, Today));
    }

    [Fact]
    public void Check_AnIndividual_HasNoCompanyFields()
    {
        Refused(Jane with { CompanyName = "Doe Inc" }, "companyName", "not_applicable");
        Refused(Jane with { RegistrationNumber = "123" }, "registrationNumber", "not_applicable");
    }

    [Fact]
    public void Check_ACompany_NeedsItsName_AndHasNoPersonalFields()
    {
        Refused(Acme with { CompanyName = null }, "companyName", "required");
        Refused(Acme with { CompanyName = new string('a', 201) }, "companyName", "max_length");
        Assert.Null(PolicyholderRules.Check(Acme with { CompanyName = new string('a', 200) }, Today));
        Refused(Acme with { FirstName = "Jane" }, "firstName", "not_applicable");
        Refused(Acme with { LastName = "Doe" }, "lastName", "not_applicable");
        Refused(Acme with { DateOfBirth = new DateOnly(1990, 1, 2) }, "dateOfBirth", "not_applicable");
    }

    [Theory]
    [InlineData("1899-12-31", false)]
    [InlineData("1900-01-01", true)]
    [InlineData("2026-11-01", true)]
    [InlineData("2026-11-02", false)]
    [InlineData("9999-12-31", false)]
    public void Check_DateOfBirth_RunsFrom1900ToToday(string date, bool valid)
    {
        var details = Jane with { DateOfBirth = DateOnly.Parse(date) };
        if (valid)
        {
            Assert.Null(PolicyholderRules.Check(details, Today));
        }
        else
        {
            Refused(details, "dateOfBirth", "range");
        }
    }

    [Theory]
    [InlineData("jane@example.com", true)]
    [InlineData("jane.doe+policies@mail.example.co.uk", true)]
    [InlineData("jane", false)]
    [InlineData("jane@", false)]
    [InlineData("Jane Doe <jane@example.com>", false)]
    [InlineData(" jane@example.com", false)]
    public void Check_Email_IsAPlainAddress(string email, bool valid)
    {
        if (valid)
        {
            Assert.Null(PolicyholderRules.Check(Jane with { Email = email }, Today));
        }
        else
        {
            Refused(Jane with { Email = email }, "email", "format");
        }
    }

    [Fact]
    public void Check_Email_IsAtMost254Characters()
    {
        // 64 + 1 + 3 x (50 + 1) + k + 4 characters: 254 with k = 32.
        string Email(int k) => $"{new string('j', 64)}@{string.Concat(Enumerable.Repeat(new string('e', 50) + ".", 3))}{new string('e', k)}.com";
        Assert.Equal(254, Email(32).Length);
        Assert.Null(PolicyholderRules.Check(Jane with { Email = Email(32) }, Today));
        Refused(Jane with { Email = Email(33) }, "email", "format");
    }

    [Theory]
    [InlineData("+1 (555) 010-0100", true)]
    [InlineData("12345", true)]
    [InlineData("1234", false)]
    [InlineData("123456789012345678901", false)]
    [InlineData("555.010.0100", false)]
    [InlineData("call me", false)]
    public void Check_Phone_Is5To20DigitsAndSeparators(string phone, bool valid)
    {
        if (valid)
        {
            Assert.Null(PolicyholderRules.Check(Jane with { Phone = phone }, Today));
        }
        else
        {
            Refused(Jane with { Phone = phone }, "phone", "format");
        }
    }

    [Theory]
    [InlineData("US", true)]
    [InlineData("us", false)]
    [InlineData("USA", false)]
    [InlineData("U1", false)]
    [InlineData("ÜS", false)]
    public void Check_Country_IsAnAlpha2Code(string country, bool valid)
    {
        var details = Jane with { Address = Jane.Address! with { Country = country } };
        if (valid)
        {
            Assert.Null(PolicyholderRules.Check(details, Today));
        }
        else
        {
            Refused(details, "address.country", "format");
        }
    }

    [Theory]
    [InlineData("address.line1", 200)]
    [InlineData("address.line2", 200)]
    [InlineData("address.city", 100)]
    [InlineData("address.state", 100)]
    [InlineData("address.postalCode", 20)]
    [InlineData("registrationNumber", 100)]
    public void Check_AddressFieldsAndRegistrationNumber_AreBounded(string field, int max)
    {
        PolicyholderDetails With(int length)
        {
            var text = new string('x', length);
            var address = Acme.Address!;
            return field switch
            {
                "address.line1" => Acme with { Address = address with { Line1 = text } },
                "address.line2" => Acme with { Address = address with { Line2 = text } },
                "address.city" => Acme with { Address = address with { City = text } },
                "address.state" => Acme with { Address = address with { State = text } },
                "address.postalCode" => Acme with { Address = address with { PostalCode = text } },
                _ => Acme with { RegistrationNumber = text },
            };
        }
        Assert.Null(PolicyholderRules.Check(With(max), Today));
        Refused(With(max + 1), field, "max_length");
    }

    [Fact]
    public void Merge_ReplacesOnlyTheFieldsThePatchSets_AndMergesTheAddressFieldByField()
    {
        var merged = PolicyholderRules.Merge(Jane, Patch with { Email = "jane@new.example", Address = new Address(null, null, "Dallas", null, "75201", null) });
        Assert.Equal(Jane with { Email = "jane@new.example", Address = Jane.Address! with { City = "Dallas", PostalCode = "75201" } }, merged);

        Assert.Equal(Jane, PolicyholderRules.Merge(Jane, Patch));
        var noAddress = Jane with { Address = null };
        Assert.Equal(new Address(null, null, "Dallas", null, null, null),
            PolicyholderRules.Merge(noAddress, Patch with { Address = new Address(null, null, "Dallas", null, null, null) }).Address);
    }

    [Fact]
    public void Update_CannotChangeTheType()
    {
        var violation = PolicyholderRules.Update(Jane, Patch with { Type = PolicyholderTypes.Company, CompanyName = "Doe Inc" }, Today).Violation!;
        Assert.Equal((ErrorCodes.ValidationFailed, "type", "immutable"), (violation.Code, violation.Details!["field"], violation.Details["rule"]));
        // Sending the same type is not a change.
        Assert.Null(PolicyholderRules.Update(Jane, Patch with { Type = PolicyholderTypes.Individual }, Today).Violation);
    }

    [Fact]
    public void Update_ChecksTheMergedDetails()
    {
        var updated = PolicyholderRules.Update(Jane, Patch with { LastName = "Roe" }, Today);
        Assert.Equal(Jane with { LastName = "Roe" }, updated.Facts);
        var refused = PolicyholderRules.Update(Acme, Patch with { FirstName = "Jane" }, Today).Violation!;
        Assert.Equal(("firstName", "not_applicable"), (refused.Details!["field"], refused.Details["rule"]));
        var badCountry = PolicyholderRules.Update(Jane, Patch with { Address = new Address(null, null, null, null, null, "usa") }, Today).Violation!;
        Assert.Equal("address.country", badCountry.Details!["field"]);
    }
}
