using Insure.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Insure.Grains.Billing;

/// <summary>Checks the `Insure:Billing` settings and registers the <see cref="IPaymentGateway"/> they choose.</summary>
public static class PaymentGateways
{
    private const int MaxDays = 365;

    /// <summary>
    /// Registers the configured gateway as the singleton <see cref="IPaymentGateway"/> (the sandbox also as itself,
    /// so tests can read its charges). Existing registrations win. Invalid settings throw
    /// <see cref="OptionsValidationException"/> with one line per problem.
    /// </summary>
    public static IServiceCollection AddPaymentGateway(this IServiceCollection services, BillingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = Validate(settings);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(InsureOptions.Section, typeof(InsureOptions), errors);
        }
        if (settings.Gateway == PaymentGatewayKind.Stripe)
        {
            var key = settings.StripeSecretKey!;
            services.TryAddSingleton<IPaymentGateway>(_ => new StripePaymentGateway(key));
        }
        else
        {
            services.TryAddSingleton<SandboxPaymentGateway>();
            services.TryAddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<SandboxPaymentGateway>());
        }
        return services;
    }

    /// <summary>What is wrong with <paramref name="settings"/>, one line each, naming the setting and its environment form; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(BillingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<string>();
        if (!Enum.IsDefined(settings.Gateway))
        {
            errors.Add($"{Name("Gateway")} must be Sandbox or Stripe; it is {settings.Gateway}");
        }
        else if (settings.Gateway == PaymentGatewayKind.Stripe)
        {
            var key = settings.StripeSecretKey?.Trim();
            if (string.IsNullOrEmpty(key))
            {
                errors.Add($"{Name("StripeSecretKey")} is required when Insure:Billing:Gateway is Stripe");
            }
            else if (key.StartsWith("pk_", StringComparison.Ordinal))
            {
                // Never echo the key: even a misplaced one is a credential.
                errors.Add($"{Name("StripeSecretKey")} is a publishable key (pk_...); the gateway needs the secret key (sk_... or rk_...)");
            }
            else if (!key.StartsWith("sk_", StringComparison.Ordinal) && !key.StartsWith("rk_", StringComparison.Ordinal))
            {
                errors.Add($"{Name("StripeSecretKey")} must be a Stripe secret key (sk_... or rk_...)");
            }
        }

        var delays = settings.RetryDelays is null ? BillingSettings.DefaultRetryDelays : settings.Retries;
        if (delays.Any(d => d is < 1 or > MaxDays))
        {
            errors.Add($"{Name("RetryDelays")} must be days from 1 to {MaxDays}; it is {string.Join(",", delays)}");
        }
        else if (delays.Zip(delays.Skip(1)).Any(pair => pair.Second <= pair.First))
        {
            errors.Add($"{Name("RetryDelays")} must be in increasing order; it is {string.Join(",", delays)}");
        }

        if (settings.GraceDays is < 0 or > MaxDays)
        {
            errors.Add($"{Name("GraceDays")} must be from 0 to {MaxDays}; it is {settings.GraceDays}");
        }
        return errors;
    }

    private static string Name(string setting) => $"Insure:Billing:{setting} (env Insure__Billing__{setting})";
}
