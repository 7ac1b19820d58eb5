namespace Insure.Api.Infrastructure;

/// <summary>API key issuance.</summary>
public sealed class ApiKeySettings
{
    /// <summary>Live (unrevoked, unexpired) keys an organization may hold per environment.</summary>
    public int MaxLivePerTenant { get; set; } = 100;
}
