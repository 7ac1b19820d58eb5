using System.Globalization;
using System.Text;

namespace Insure.Api.Features.Claims;

/// <summary>
/// File names as clients send them are only labels: they are cut to their last path segment, cleaned of control and
/// reserved characters and shortened. Stores key blobs by generated ids, so a name never becomes a path.
/// </summary>
public static class AttachmentFileNames
{
    public const int MaxLength = 200;
    public const string Fallback = "attachment";

    public static string Sanitise(string? name)
    {
        var text = (name ?? "").Normalize(NormalizationForm.FormC);
        var lastSeparator = text.LastIndexOfAny(['/', '\\']);
        text = text[(lastSeparator + 1)..];
        var cleaned = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune.Value is '"' or '<' or '>' or ':' or '|' or '?' or '*'
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }
            cleaned.Append(rune.ToString());
        }
        var result = cleaned.ToString().Trim().Trim('.').Trim();
        if (result.Length > MaxLength)
        {
            // Cut on a text element boundary so no surrogate pair or combining sequence is split; keep the extension.
            var extension = Path.GetExtension(result);
            var keep = MaxLength - (extension.Length is > 0 and <= 16 ? extension.Length : 0);
            var elements = StringInfo.GetTextElementEnumerator(result);
            var end = 0;
            while (elements.MoveNext() && elements.ElementIndex + elements.GetTextElement().Length <= keep)
            {
                end = elements.ElementIndex + elements.GetTextElement().Length;
            }
            result = result[..end] + (extension.Length is > 0 and <= 16 ? extension : "");
        }
        return result.Length == 0 ? Fallback : result;
    }

    /// <summary>
    /// `attachment; filename="..."` with an ASCII stand-in, plus the RFC 5987 `filename*` carrying the real name
    /// when it is not plain ASCII.
    /// </summary>
    public static string ContentDisposition(string fileName)
    {
        var ascii = new StringBuilder(fileName.Length);
        var plain = true;
        foreach (var c in fileName)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                ascii.Append(c);
            }
            else
            {
                plain = false;
                if (!char.IsLowSurrogate(c))
                {
                    ascii.Append('_');
                }
            }
        }
        var header = $"attachment; filename=\"{ascii}\"";
        return plain ? header : $"{header}; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }
}
