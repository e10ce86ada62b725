using Stampede.Model;
using System.Security.Cryptography;
using System.Text;

namespace Stampede.Findings;

/// <summary>
/// The directory name of a finding: its kind, a short readable part of its signature, and the first hex digits of
/// the SHA-256 of the whole signature (<c>crash-kv_get-find-1a2b3c4d</c>). Only lowercase ASCII letters, digits,
/// '_' and '-' appear, never a leading '.', so any signature gives a name that is safe on every file system
/// (including case-insensitive ones) and in a shell. The hash keeps signatures that read alike apart.
/// </summary>
public static class FindingSlug
{
    public const int HashDigits = 8;
    private const int MaxReadableLength = 40;

    /// <param name="hashDigits">More than <see cref="HashDigits"/> only to step around a collision of the short hash.</param>
    public static string For(string signature, int hashDigits = HashDigits)
    {
        var colon = signature.IndexOf(':');
        var kind = Clean(colon > 0 ? signature[..colon] : "finding", 20);
        var readable = Clean(colon > 0 ? signature[(colon + 1)..] : signature, MaxReadableLength);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signature)))[..hashDigits];
        return string.Join('-', new[] { kind.Length > 0 ? kind : "finding", readable, hash }.Where(p => p.Length > 0));
    }

    /// <summary>The kind a slug starts with (what is left of a finding when its report is lost).</summary>
    public static FindingKind? KindOf(string slug) =>
        Enum.GetValues<FindingKind>().Cast<FindingKind?>().FirstOrDefault(k => slug.StartsWith(k!.Value.Name() + "-", StringComparison.Ordinal));

    private static string Clean(string text, int maxLength)
    {
        var cleaned = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '-';
            if (keep == '-' && (cleaned.Length == 0 || cleaned[^1] == '-')) continue;
            cleaned.Append(keep);
            if (cleaned.Length >= maxLength) break;
        }
        return cleaned.ToString().Trim('-');
    }
}
