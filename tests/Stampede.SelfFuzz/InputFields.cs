using System.Text;

namespace Stampede.SelfFuzz;

/// <summary>
/// An input that stands for several texts (the files of a finding, the strings of a report): its parts between NUL
/// bytes, each decoded as UTF-8. NUL is the separator because none of the texts these targets read holds one, and
/// AFL++ finds a one-byte separator easily.
/// </summary>
public static class InputFields
{
    public const byte Separator = 0;

    public static IReadOnlyList<string> Split(ReadOnlySpan<byte> input)
    {
        var fields = new List<string>();
        while (true)
        {
            var at = input.IndexOf(Separator);
            fields.Add(Encoding.UTF8.GetString(at < 0 ? input : input[..at]));
            if (at < 0) return fields;
            input = input[(at + 1)..];
        }
    }

    /// <summary>The input that <see cref="Split"/> reads as <paramref name="fields"/>.</summary>
    public static byte[] Join(params IEnumerable<string> fields) =>
        [.. fields.Select(Encoding.UTF8.GetBytes).Aggregate((a, b) => [.. a, Separator, .. b])];
}
