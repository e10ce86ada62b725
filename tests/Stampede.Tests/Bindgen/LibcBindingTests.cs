using Stampede.Bindgen;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

/// <summary>The thread-safety-relevant part of libc's time.h, string.h and stdlib.h, selected by an explicit list.</summary>
public sealed class LibcBindingTests
{
    private const string Probe = """
        public static unsafe class Probe
        {
            public static int GmtimeYear(nint seconds)
            {
                tm result;
                return Native.gmtime_r(&seconds, &result) == null ? -1 : result.tm_year + 1900;
            }

            public static string Tokens(string text)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(text + "\0");
                var delim = new byte[] { (byte)',', 0 };
                var tokens = new System.Collections.Generic.List<string>();
                fixed (byte* s = bytes) fixed (byte* d = delim)
                {
                    byte* save = null;
                    for (var t = Native.strtok_r(s, d, &save); t != null; t = Native.strtok_r(null, d, &save))
                        tokens.Add(System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)t)!);
                }
                return string.Join("|", tokens);
            }

            [System.Runtime.InteropServices.UnmanagedCallersOnly]
            private static int Compare(void* a, void* b) => *(int*)a - *(int*)b;

            public static string Sort(int[] values)
            {
                fixed (int* v = values) Native.qsort(v, (nuint)values.Length, sizeof(int), &Compare);
                return string.Join(",", values);
            }
        }
        """;

    private static GeneratedLibrary _libc = null!;

    [OneTimeSetUp]
    public void Generate() => _libc = GeneratedLibrary.Build(new BindgenOptions(
        ["/usr/include/time.h", "/usr/include/string.h", "/usr/include/stdlib.h"], "libc.so.6",
        Functions: ["localtime_r", "gmtime_r", "localtime", "strtok_r", "strtok", "strlen", "strtol", "qsort", "rand", "exit", "getenv", "setenv"]), Probe);

    [Test]
    public void TypedWrappersCallLibc() => Assert.Multiple(() =>
    {
        Assert.That(_libc.Probe("Probe", "GmtimeYear", (nint)0), Is.EqualTo(1970));
        Assert.That(_libc.Probe("Probe", "Tokens", "a,b,,c"), Is.EqualTo("a|b|c"));
        Assert.That(_libc.Probe("Probe", "Sort", new[] { 3, 1, 2 }), Is.EqualTo("1,2,3"));
    });

    [Test]
    public void StructTmHasCsLayout()
    {
        Assert.That(_libc.Output.Plan.Types.Structs.Select(s => s.Name), Does.Contain("tm"));
        StructLayoutProbe.AssertMatches(_libc, "#include <time.h>\n#include <string.h>\n#include <stdlib.h>");
    }

    [Test]
    public void DangerousAndNondeterministicFunctionsAreMarked() => Assert.Multiple(() =>
    {
        Assert.That(_libc.Function("exit").NeverCall, Is.EqualTo("terminates the process"));
        Assert.That(_libc.Function("rand").Nondeterministic, Is.Not.Null);
        Assert.That(_libc.Function("strtok").Returns.Role, Is.EqualTo(ReturnRole.StringToCopy));
        Assert.That(_libc.Function("qsort").Parameters[3].Role, Is.EqualTo(ParameterRole.Callback));
        Assert.That(_libc.Model.Functions, Has.Count.EqualTo(12));
    });
}
