using Insure.Grains.Billing;
using Insure.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Insure.Grains.Tests.Billing;

public sealed class PaymentGatewaysTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(PaymentGateways.Validate(new BillingSettings()));
    }

    [Theory]
    [InlineData("sk_test_51Abc")]
    [InlineData("sk_live_51Abc")]
    [InlineData("rk_test_51Abc")]
    public void Validate_StripeWithASecretKey_IsValid(string key)
    {
        Assert.Empty(PaymentGateways.Validate(new BillingSettings { Gateway = PaymentGatewayKind.Stripe, StripeSecretKey = key }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_StripeWithoutAKey_SaysWhichSettingIsMissing_OnOneLine(string? key)
    {
        var error = Assert.Single(PaymentGateways.Validate(new BillingSettings { Gateway = PaymentGatewayKind.Stripe, StripeSecretKey = key }));

        Assert.Contains("Insure:Billing:StripeSecretKey", error);
        Assert.Contains("Insure__Billing__StripeSecretKey", error);
        Assert.Contains("required", error);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("pk_test_51Secretish", "publishable")]
    [InlineData("whsec_51Secretish", "secret key")]
    public void Validate_StripeWithAWrongKindOfKey_IsRefused_WithoutEchoingIt(string key, string says)
    {
        var error = Assert.Single(PaymentGateways.Validate(new BillingSettings { Gateway = PaymentGatewayKind.Stripe, StripeSecretKey = key }));

        Assert.Contains(says, error);
        Assert.DoesNotContain("51Secretish", error);
    }

    [Fact]
    public void Validate_SandboxIgnoresTheKey()
    {
        Assert.Empty(PaymentGateways.Validate(new BillingSettings { Gateway = PaymentGatewayKind.Sandbox, StripeSecretKey = "pk_test_x" }));
    }

    [Fact]
    public void Validate_UnknownGatewayValue_IsRefused()
    {
        var error = Assert.Single(PaymentGateways.Validate(new BillingSettings { Gateway = (PaymentGatewayKind)7 }));

        Assert.Contains("Insure:Billing:Gateway", error);
    }

    [Theory]
    [InlineData(new[] { 0 }, "1 to 365")]
    [InlineData(new[] { 1, 366 }, "1 to 365")]
    [InlineData(new[] { -3, 2 }, "1 to 365")]
    [InlineData(new[] { 3, 1 }, "increasing")]
    [InlineData(new[] { 1, 3, 3 }, "increasing")]
    [InlineData(new[] { 1, 3, 5, 7, 2, 4 }, "increasing")]
    public void Validate_BadRetryDelays_AreRefused(int[] delays, string says)
    {
        var error = Assert.Single(PaymentGateways.Validate(new BillingSettings { RetryDelays = delays }));

        Assert.Contains("Insure:Billing:RetryDelays (env Insure__Billing__RetryDelays)", error);
        Assert.Contains(says, error);
    }

    [Fact]
    public void NoRetryDelays_MeanTheDefault_OneThreeFiveAndSevenDays()
    {
        Assert.Empty(PaymentGateways.Validate(new BillingSettings { RetryDelays = [] }));
        Assert.Empty(PaymentGateways.Validate(new BillingSettings { RetryDelays = null! }));
        Assert.Equal([1, 3, 5, 7], new BillingSettings().Retries);
        Assert.Equal([2, 4], new BillingSettings { RetryDelays = [2, 4] }.Retries);
    }

    [Fact]
    public void ConfiguredRetryDelays_ReplaceTheDefault_RatherThanAddingToIt()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Insure:Billing:RetryDelays:0"] = "2", ["Insure:Billing:RetryDelays:1"] = "4" })
            .Build();
        Assert.Equal([2, 4], Insure.Grains.Hosting.InsureOptions.From(configuration).Billing.Retries);
    }

    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 365 })]
    [InlineData(new[] { 1, 2, 30, 365 })]
    public void Validate_IncreasingRetryDelaysWithinAYear_AreValid(int[] delays)
    {
        Assert.Empty(PaymentGateways.Validate(new BillingSettings { RetryDelays = delays }));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(365, true)]
    [InlineData(366, false)]
    public void Validate_GraceDays_AreFromZeroToAYear(int days, bool valid)
    {
        var errors = PaymentGateways.Validate(new BillingSettings { GraceDays = days });

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.Contains("Insure:Billing:GraceDays (env Insure__Billing__GraceDays)", e));
    }

    [Fact]
    public void Validate_ReportsEveryProblem()
    {
        var errors = PaymentGateways.Validate(new BillingSettings { Gateway = PaymentGatewayKind.Stripe, RetryDelays = [0], GraceDays = -1 });

        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void AddPaymentGateway_Sandbox_IsTheGateway_AndResolvableAsItself()
    {
        using var services = new ServiceCollection().AddPaymentGateway(new BillingSettings()).BuildServiceProvider();

        var gateway = services.GetRequiredService<IPaymentGateway>();

        Assert.IsType<SandboxPaymentGateway>(gateway);
        Assert.Same(gateway, services.GetRequiredService<SandboxPaymentGateway>());
        Assert.Same(gateway, services.GetRequiredService<IPaymentGateway>());
    }

    [Fact]
    public void AddPaymentGateway_StripeFromConfiguration_IsTheStripeAdapter()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Insure:Billing:Gateway"] = "Stripe",
                ["Insure:Billing:StripeSecretKey"] = "sk_test_configured",
            })
            .Build();
        var settings = InsureOptions.From(configuration).Billing;
        using var services = new ServiceCollection().AddPaymentGateway(settings).BuildServiceProvider();

        Assert.IsType<StripePaymentGateway>(services.GetRequiredService<IPaymentGateway>());
        Assert.Null(services.GetService<SandboxPaymentGateway>());
    }

    [Fact]
    public void AddPaymentGateway_StripeWithoutKey_FailsWithTheSettingsName()
    {
        var e = Assert.Throws<OptionsValidationException>(() =>
            new ServiceCollection().AddPaymentGateway(new BillingSettings { Gateway = PaymentGatewayKind.Stripe }));

        Assert.Contains("Insure:Billing:StripeSecretKey", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AddPaymentGateway_KeepsAGatewayRegisteredBefore()
    {
        var mine = new SandboxPaymentGateway();
        using var services = new ServiceCollection()
            .AddSingleton<IPaymentGateway>(mine)
            .AddPaymentGateway(new BillingSettings())
            .BuildServiceProvider();

        Assert.Same(mine, services.GetRequiredService<IPaymentGateway>());
    }
}
