using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>Endpoint metadata: the scope an API key needs (`resource:read` or `resource:write`).</summary>
public sealed record RequiredScope(string Scope);
