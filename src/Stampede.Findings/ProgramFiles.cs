using System.Security.Cryptography;
using System.Text;

namespace Stampede.Findings;

/// <summary>
/// Programs kept one per file, named by the hash of their text (as <see cref="Stampede.Model.Programs.ProgramHash"/>
/// names a program: 16 hex digits of SHA-256), so the same program is never kept twice.
/// </summary>
public static class ProgramFiles
{
    public static string Hash(string programText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(programText)))[..16];

    /// <summary>Writes <paramref name="programText"/> into <paramref name="directory"/> unless it is there; true when new.</summary>
    public static bool Add(string directory, string programText)
    {
        var path = Path.Combine(directory, Hash(programText) + CorpusLayout.ProgramExtension);
        if (File.Exists(path)) return false;
        AtomicFile.WriteAllText(path, programText);
        return true;
    }

    /// <summary>The program files of a directory, by name; temporary leftovers excluded.</summary>
    public static IReadOnlyList<string> In(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*" + CorpusLayout.ProgramExtension)
                .Where(p => !AtomicFile.IsTemporary(Path.GetFileName(p))).Order(StringComparer.Ordinal).ToArray()
            : [];
}
