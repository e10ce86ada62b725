namespace Stampede.Reports;

/// <summary>
/// A known-findings baseline: the root-cause keys (signatures) a nightly job has already seen and filed, so that only
/// new ones fail it. The file is plain text, one key per line, <c>#</c> starting a comment, as <c>stampede show --keys</c>
/// prints them; reviewable in a pull request like a suppressions file.
/// </summary>
public sealed class KnownFindings
{
    readonly HashSet<string> keys;

    KnownFindings(IEnumerable<string> keys) => this.keys = new HashSet<string>(keys, StringComparer.Ordinal);

    public static KnownFindings None { get; } = new([]);

    public int Count => keys.Count;

    public bool Contains(string signature) => keys.Contains(signature);

    /// <summary>These keys and <paramref name="more"/> (the other shards' findings).</summary>
    public KnownFindings With(IEnumerable<string> more) => new(keys.Concat(more));

    public static KnownFindings Parse(string text) => new(text.Split('\n')
        .Select(line => (line.IndexOf('#') is var hash and >= 0 ? line[..hash] : line).Trim())
        .Where(line => line.Length > 0));

    /// <summary>Reads a baseline file.</summary>
    /// <exception cref="FileNotFoundException">No such file (the caller says which option named it).</exception>
    public static KnownFindings Read(string path) => Parse(File.ReadAllText(path));

    /// <summary>The file's text for these keys, sorted, with a header saying what it is.</summary>
    public static string Format(IEnumerable<string> signatures) =>
        "# Known findings: one root-cause key per line (stampede fuzz --known FILE fails only on others)\n" +
        string.Concat(signatures.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(s => s + "\n"));
}
