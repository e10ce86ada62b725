using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stampede.Bindgen;

/// <summary>
/// A library given by a short name (<c>-l c</c>, <c>-l z</c>) resolved as the linker's <c>-l</c> and then the loader
/// would: <c>lib&lt;name&gt;.so</c> is what the linker opens, but it is not always an ELF library: on Debian
/// <c>libc.so</c> and <c>libm.so</c> are linker scripts naming <c>libc.so.6</c>, and <c>libpthread.so</c> no longer
/// exists beside <c>libpthread.so.0</c>. The file the loader then maps is the installed soname.
/// </summary>
public static class LibraryName
{
    /// <summary>How many of the first <see cref="Candidates"/> the runtime's own probing also tries (the name, and
    /// <c>lib&lt;name&gt;.so</c>): a library found as one of these is recorded by the name given.</summary>
    public const int ProbedCandidates = 2;

    /// <summary>The names to try loading, in order: the name as given, <c>lib&lt;name&gt;.so</c>, the installed
    /// sonames <c>ldconfig -p</c> lists for it, and the shared object the linker script <c>lib&lt;name&gt;.so</c> names in
    /// its <c>GROUP</c> or <c>INPUT</c> line.</summary>
    public static IReadOnlyList<string> Candidates(string name)
    {
        string linkerName = $"lib{name}.so";
        var candidates = new List<string> { name, linkerName };
        candidates.AddRange(InstalledSonames(linkerName + "."));
        if (LinkerScriptTarget(linkerName) is { } target) candidates.Add(target);
        return candidates.Distinct().ToList();
    }

    /// <summary>The sonames the loader's cache lists that start with <paramref name="prefix"/> (<c>libc.so.</c>), in its order;
    /// none when ldconfig cannot be run.</summary>
    static IEnumerable<string> InstalledSonames(string prefix)
    {
        foreach (var ldconfig in new[] { "ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig" })
        {
            string text;
            try
            {
                var start = new ProcessStartInfo(ldconfig, "-p") { RedirectStandardOutput = true, RedirectStandardError = true };
                using var process = Process.Start(start)!;
                text = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
            }
            catch (Win32Exception) { continue; } // not on this PATH
            // "	libc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6"
            return text.Split('\n').Select(l => l.Trim().Split(' ')[0]).Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).Distinct().ToList();
        }
        return [];
    }

    /// <summary>The file name of the first shared object a linker script <paramref name="linkerName"/> names in the
    /// library directories (<c>GROUP ( /lib/x86_64-linux-gnu/libc.so.6 ... AS_NEEDED ( ... ) )</c> → <c>libc.so.6</c>), or null.</summary>
    static string? LinkerScriptTarget(string linkerName)
    {
        foreach (var directory in LibraryDirectories())
        {
            var path = Path.Combine(directory, linkerName);
            if (!File.Exists(path) || new FileInfo(path).Length > 64 * 1024) continue;
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length >= 4 && bytes[0] == 0x7f && bytes[1] == (byte)'E') continue; // an ELF file, not a script
            foreach (var line in System.Text.Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                var words = line.Replace("(", " ( ").Replace(")", " ) ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0 || words[0] is not ("GROUP" or "INPUT")) continue;
                var shared = words.Skip(1).TakeWhile(w => w != "AS_NEEDED").FirstOrDefault(w => w.Contains(".so"));
                if (shared is not null) return Path.GetFileName(shared);
            }
        }
        return null;
    }

    static IEnumerable<string> LibraryDirectories()
    {
        string? triplet = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm64 => "aarch64-linux-gnu",
            _ => null,
        };
        foreach (var root in new[] { "/usr/local/lib", "/usr/lib", "/lib" })
        {
            if (triplet is not null) yield return Path.Combine(root, triplet);
            yield return root;
        }
        yield return "/usr/lib64";
        yield return "/lib64";
    }
}
