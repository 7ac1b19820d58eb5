using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>The credential the caller presented (API key or admin secret), kept for the request only.</summary>
public sealed record PresentedCredential(string Value);
