using System.Diagnostics;
using System.Globalization;
using Stampede.Bindgen.Declarations;

namespace Stampede.Tests.Bindgen;

/// <summary>Compiles and runs a small C program that prints sizeof of each struct, as the C compiler sees it.</summary>
internal static class StructLayoutProbe
{
    public static Dictionary<string, long> Measure(string includes, IEnumerable<RecordDecl> structs, params string[] clangArgs)
    {
        var dir = Directory.CreateTempSubdirectory("stampede-layout-").FullName;
        var source = Path.Combine(dir, "layout.c");
        var list = structs.ToList();
        File.WriteAllText(source, includes + "\n#include <stdio.h>\nint main(void) {\n"
            + string.Concat(list.Select(s => $"  printf(\"%zu\\n\", sizeof({s.Key}));\n")) + "  return 0;\n}\n");
        var exe = Path.Combine(dir, "layout");
        Run("clang-19", ["-w", "-o", exe, source, .. clangArgs]);
        var lines = Run(exe, []).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Directory.Delete(dir, recursive: true);
        return list.Select((s, i) => (s.Key, long.Parse(lines[i], CultureInfo.InvariantCulture))).ToDictionary();
    }

    private static string Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        var errors = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new AssertionException($"{file} failed: {errors}");
        return output;
    }
}
