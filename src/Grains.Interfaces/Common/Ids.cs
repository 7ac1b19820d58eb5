using System.Security.Cryptography;

namespace Insure.Grains;

/// <summary>Prefixed, time-sortable identifiers (`pol_01JD...`): a 48-bit millisecond timestamp and 80 random bits in Crockford base32.</summary>
public static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly Lock Gate = new();
    private static long _lastMs = -1;
    private static readonly byte[] LastRandom = new byte[10];

    public static string New(string prefix, TimeProvider? time = null)
    {
        var ms = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[10];
        lock (Gate)
        {
            // Within one millisecond (or if the clock steps back) ids keep increasing: the random part is bumped by one.
            if (ms <= _lastMs)
            {
                ms = _lastMs;
                for (var i = LastRandom.Length - 1; i >= 0 && ++LastRandom[i] == 0; i--)
                {
                }
            }
            else
            {
                _lastMs = ms;
                RandomNumberGenerator.Fill(LastRandom);
                LastRandom[0] &= 0x7F; // leave headroom so increments never wrap within a millisecond
            }
            LastRandom.CopyTo(random);
        }
        Span<char> chars = stackalloc char[26];
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(ms & 31)];
            ms >>= 5;
        }
        Encode80(random, chars[10..]);
        return string.Concat(prefix, "_", new string(chars));
    }

    /// <summary>
    /// The id of whatever <paramref name="seed"/> names, always the same for the same inputs, sorting with the time of
    /// <paramref name="timeOf"/> (an id made by <see cref="New"/>): a retried operation finds what its first run created.
    /// </summary>
    public static string Derived(string prefix, string timeOf, string seed)
    {
        var body = timeOf.AsSpan(timeOf.IndexOf('_') + 1);
        if (body.Length != 26)
        {
            throw new ArgumentException($"Not an id: '{timeOf}'", nameof(timeOf));
        }
        Span<char> chars = stackalloc char[26];
        body[..10].CopyTo(chars);
        Encode80(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)).AsSpan(0, 10), chars[10..]);
        return string.Concat(prefix, "_", new string(chars));
    }

    /// <summary>80 bits -> 16 characters of 5 bits each.</summary>
    private static void Encode80(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        var bitBuffer = 0UL;
        var bits = 0;
        var pos = 0;
        foreach (var b in bytes)
        {
            bitBuffer = (bitBuffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[pos++] = Alphabet[(int)((bitBuffer >> bits) & 31)];
            }
        }
    }

    /// <summary>
    /// An id that sorts by time like <see cref="New"/>'s and carries <paramref name="sequence"/> (below 2^40) in the first
    /// half of its 80 other bits, the rest random: a deal room's message id tells where in the history it stands.
    /// </summary>
    public static string WithSequence(string prefix, TimeProvider time, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sequence, 1L << 40);
        var made = New(prefix, time);
        Span<byte> bits = stackalloc byte[10];
        for (var i = 4; i >= 0; i--)
        {
            bits[i] = (byte)(sequence >> (8 * (4 - i)));
        }
        RandomNumberGenerator.Fill(bits[5..]);
        Span<char> chars = stackalloc char[26];
        made.AsSpan(prefix.Length + 1, 10).CopyTo(chars);
        Encode80(bits, chars[10..]);
        return string.Concat(prefix, "_", new string(chars));
    }

    /// <summary>The millisecond a well-formed id (by <see cref="New"/>, <see cref="Derived"/> or <see cref="WithSequence"/>) sorts at.</summary>
    public static DateTimeOffset TimeOf(string id) => DateTimeOffset.FromUnixTimeMilliseconds(Decode(id.AsSpan(id.IndexOf('_') + 1, 10)));

    /// <summary>The sequence <see cref="WithSequence"/> put in a well-formed id.</summary>
    public static long SequenceOf(string id) => Decode(id.AsSpan(id.IndexOf('_') + 11, 8));

    /// <summary>Characters of 5 bits each -> the number they spell, most significant first.</summary>
    private static long Decode(ReadOnlySpan<char> chars)
    {
        var value = 0L;
        foreach (var c in chars)
        {
            value = (value << 5) | (long)Alphabet.IndexOf(c, StringComparison.Ordinal);
        }
        return value;
    }

    /// <summary>
    /// True when <paramref name="id"/> was made after <paramref name="other"/> (both by <see cref="New"/>, any prefixes): by
    /// their milliseconds, and within one millisecond of one process by the order they were made in.
    /// </summary>
    public static bool CreatedAfter(string id, string other) =>
        string.CompareOrdinal(id, id.IndexOf('_') + 1, other, other.IndexOf('_') + 1, 26) > 0;

    /// <summary>True when <paramref name="id"/> has the prefix and a 26-character base32 body.</summary>
    public static bool IsValid(string prefix, string? id)
    {
        if (id is null || id.Length != prefix.Length + 27 || !id.StartsWith(prefix, StringComparison.Ordinal) || id[prefix.Length] != '_')
        {
            return false;
        }
        for (var i = prefix.Length + 1; i < id.Length; i++)
        {
            if (!Alphabet.Contains(id[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
