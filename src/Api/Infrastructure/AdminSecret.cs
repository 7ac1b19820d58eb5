using System.Security.Cryptography;
using System.Text;

namespace Insure.Api.Infrastructure;

/// <summary>The platform admin secret (`Insure:AdminSecret`, at least 32 characters), compared in constant time.</summary>
public sealed class AdminSecret(string? secret)
{
    public string? Value { get; } = secret;

    public bool Matches(string? presented) =>
        Value is { Length: > 0 } && presented is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(Value)));
}
