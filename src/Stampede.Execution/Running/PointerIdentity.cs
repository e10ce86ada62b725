using System.Runtime.InteropServices;
using Stampede.Model.Api;

namespace Stampede.Execution.Running;

/// <summary>
/// A pointer a call returned or wrote through an out-parameter (<c>char **</c>, <c>T **</c> that is not a handle), as
/// what it can mean to another run: null, a place inside memory the call was given (an argument's string or buffer,
/// and the offset into it: <c>strtok_r</c>'s <c>saveptr</c> points into its <c>str</c>), or somewhere else. Its bytes,
/// an address, mean nothing: the same program run again allocates its arguments elsewhere, so comparing them as text
/// reports every run as different from its reference. Pointers are classified right after the call, while its
/// arguments' addresses are at hand, and kept as a code in the observation log.
/// </summary>
public static class PointerIdentity
{
    // Codes: 0 is null; Foreign any other place; InsideTag | argument << 32 | offset a place inside an argument.
    const long Foreign = long.MinValue;
    const long InsideTag = 1L << 62;

    /// <summary>Whether <paramref name="parameter"/> is a pointer to pointers: what the callee writes there is addresses.</summary>
    public static bool IsPointerToPointer(ApiParameter parameter) =>
        parameter.CType.Replace("const", "").Replace(" ", "").EndsWith("**", StringComparison.Ordinal);

    /// <summary>The code of <paramref name="pointer"/>, given each argument's address (<paramref name="slots"/>) and
    /// the size of the memory it points to (<paramref name="extents"/>, 0 for an argument that is no such memory).
    /// One past the end counts as inside, as C allows (a tokenizer's cursor at the terminating NUL).</summary>
    public static long Classify(long pointer, ReadOnlySpan<long> slots, ReadOnlySpan<int> extents)
    {
        if (pointer == 0) return 0;
        for (int j = 0; j < extents.Length; j++)
            if (extents[j] > 0 && (ulong)(pointer - slots[j]) <= (ulong)extents[j])
                return InsideTag | (long)j << 32 | (pointer - slots[j]);
        return Foreign;
    }

    /// <summary>Replaces each pointer-sized word of <paramref name="buffer"/> (an out-parameter's copy) by its code.
    /// Bytes past the last whole word cannot hold a pointer and are left as they are (they are not rendered).</summary>
    public static void ClassifyWords(Span<byte> buffer, ReadOnlySpan<long> slots, ReadOnlySpan<int> extents)
    {
        var words = MemoryMarshal.Cast<byte, long>(buffer);
        for (int k = 0; k < words.Length; k++) words[k] = Classify(words[k], slots, extents);
    }

    /// <summary>A code as text: <c>null</c>, <c>&amp;name+offset</c> (inside argument <c>name</c>), or <c>ptr</c>.</summary>
    public static string Text(long code, IReadOnlyList<ApiParameter> parameters) => code switch
    {
        0 => "null",
        Foreign => "ptr",
        _ => $"&{Name(parameters, (int)((code & ~InsideTag) >> 32))}+{code & 0xffffffffL}",
    };

    /// <summary>The codes of an out-parameter's copy, up to the last non-null one, as <c>[code,code]</c>.</summary>
    public static string WordsText(ReadOnlySpan<byte> buffer, IReadOnlyList<ApiParameter> parameters)
    {
        var words = MemoryMarshal.Cast<byte, long>(buffer);
        int used = words.LastIndexOfAnyExcept(0L) + 1;
        var texts = new string[used];
        for (int k = 0; k < used; k++) texts[k] = Text(words[k], parameters);
        return "[" + string.Join(",", texts) + "]";
    }

    static string Name(IReadOnlyList<ApiParameter> parameters, int index) =>
        parameters[index].Name is { Length: > 0 } name ? name : $"arg{index}";
}
