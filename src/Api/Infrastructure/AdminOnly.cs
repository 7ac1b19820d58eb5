using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>Endpoint metadata: the platform admin secret is required.</summary>
public sealed record AdminOnly;
