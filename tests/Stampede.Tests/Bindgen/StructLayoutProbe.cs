using System.Diagnostics;
using System.Globalization;
using Stampede.Bindgen.Declarations;

namespace Stampede.Tests.Bindgen;

/// <summary>Compiles and runs a small C program that prints sizeof and every field's offsetof, as the C compiler sees them.</summary>
internal static class StructLayoutProbe
{
    public sealed record Layout(long Size, IReadOnlyDictionary<string, long> Offsets);

    public static Dictionary<string, Layout> Measure(string includes, IEnumerable<RecordDecl> structs)
    {
        var dir = Directory.CreateTempSubdirectory("stampede-layout-").FullName;
        try
        {
            var list = structs.ToList();
            var source = Path.Combine(dir, "layout.c");
            File.WriteAllText(source, includes + "\n#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n"
                + string.Concat(list.Select(s => $"  printf(\"%zu\\n\", sizeof({s.Key}));\n"
                    + string.Concat(s.Fields.Select(f => $"  printf(\"%zu\\n\", offsetof({s.Key}, {f.Name}));\n"))))
                + "  return 0;\n}\n");
            var exe = Path.Combine(dir, "layout");
            Run("clang-19", ["-w", "-o", exe, source]);
            var numbers = new Queue<long>(Run(exe, []).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => long.Parse(l, CultureInfo.InvariantCulture)));
            return list.ToDictionary(s => s.Key, s =>
            {
                var size = numbers.Dequeue();
                return new Layout(size, s.Fields.ToDictionary(f => f.Name, _ => numbers.Dequeue()));
            });
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>Asserts that each generated struct has C's size and, field by field, C's offsets.</summary>
    public static void AssertMatches(GeneratedLibrary library, string includes)
    {
        var structs = library.Output.Plan.Types.Structs;
        Assert.That(structs, Is.Not.Empty);
        var c = Measure(includes, structs);
        Assert.Multiple(() =>
        {
            foreach (var s in structs)
            {
                var type = library.Type(s.Name);
                Assert.That(GeneratedLibrary.SizeOf(type), Is.EqualTo(c[s.Key].Size), $"sizeof({s.Key})");
                foreach (var f in s.Fields)
                {
                    var field = type.GetField(f.Name == s.Name ? f.Name + "_" : f.Name)!;
                    var offset = field.GetCustomAttributes(typeof(System.Runtime.InteropServices.FieldOffsetAttribute), false)
                        .Cast<System.Runtime.InteropServices.FieldOffsetAttribute>().Single().Value;
                    Assert.That(offset, Is.EqualTo(c[s.Key].Offsets[f.Name]), $"offsetof({s.Key}, {f.Name})");
                }
            }
        });
    }

    private static string Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new AssertionException($"{file} failed: {errors}");
        return output.Result;
    }
}
