using System.Security.Cryptography;
using System.Text;
using SharpFuzz;

namespace Stampede.Campaigns.Afl;

/// <summary>
/// Makes the program AFL++ runs: a private copy of the stampede CLI (the directory this process runs from) in which
/// SharpFuzz has instrumented the decoder — the types of <c>Stampede.Model.Programs</c>, which turn bytes into a
/// program on one thread — and nothing else. The executor, the bindings and the oracles run on many threads at once,
/// and SharpFuzz's edge state is process-wide, so their edges would mix across threads into noise; the native and
/// interleaving signals stand for them instead. The copy is remade only when the CLI changed (a stamp of its files),
/// since instrumenting an assembly twice is refused.
/// </summary>
public static class InstrumentedTarget
{
    const string Assembly = "Stampede.Model.dll", Namespace = "Stampede.Model.Programs.", StampFile = ".stamp";

    /// <summary>The copy's stampede.dll; <paramref name="instrumentedTypes"/> counts the types instrumented (0 when the
    /// copy was up to date).</summary>
    public static string Prepare(string cliDirectory, string targetDirectory, out int instrumentedTypes)
    {
        instrumentedTypes = 0;
        string stamp = Stamp(cliDirectory);
        string stampPath = Path.Combine(targetDirectory, StampFile);
        string entry = Path.Combine(targetDirectory, "stampede.dll");
        if (File.Exists(stampPath) && File.ReadAllText(stampPath) == stamp && File.Exists(entry)) return entry;

        if (Directory.Exists(targetDirectory)) Directory.Delete(targetDirectory, recursive: true);
        Copy(cliDirectory, targetDirectory);
        instrumentedTypes = Fuzzer.Instrument(Path.Combine(targetDirectory, Assembly), type => type.StartsWith(Namespace, StringComparison.Ordinal), Options.Value).Count();
        File.WriteAllText(stampPath, stamp);
        return entry;
    }

    static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (string dir in Directory.GetDirectories(from)) Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    /// <summary>Names, sizes and times of the CLI's files: a rebuild changes it.</summary>
    static string Stamp(string directory)
    {
        var text = new StringBuilder();
        foreach (string file in Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            text.Append(Path.GetRelativePath(directory, file)).Append(' ').Append(info.Length).Append(' ').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
