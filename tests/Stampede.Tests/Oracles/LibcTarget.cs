using Stampede.Bindgen;
using Stampede.Harnesses;
using Stampede.Execution.Instances;
using Stampede.Execution.Running;
using Stampede.Model.Programs;

namespace Stampede.Tests.Oracles;

/// <summary>
/// The C library as a target: bindings generated from a small header of its string, time and random functions and
/// compiled in memory, and <c>libc.so.6</c> loaded by name. The process has it loaded already, so it cannot be
/// unloaded: its state carries over from run to run, as in every campaign on it.
/// </summary>
sealed class LibcTarget : IDisposable
{
    /// <summary>The header: MT-Safe <c>strtok_r</c> and <c>asctime_r</c> beside MT-Unsafe <c>strtok</c>, <c>asctime</c>
    /// and <c>lrand48</c> (glibc manual), with <c>struct tm</c> declared as glibc lays it out on 64-bit Linux.</summary>
    public const string Header = """
        struct tm { int tm_sec; int tm_min; int tm_hour; int tm_mday; int tm_mon; int tm_year; int tm_wday; int tm_yday;
                    int tm_isdst; long tm_gmtoff; const char *tm_zone; };
        char *strtok_r(char *str, const char *delim, char **saveptr);
        char *strtok(char *str, const char *delim);
        long lrand48(void);
        void srand48(long seedval);
        char *asctime_r(const struct tm *tm, char *buf);
        char *asctime(const struct tm *tm);
        """;

    readonly string directory;
    public NativeTarget Target { get; }

    public LibcTarget()
    {
        directory = Directory.CreateTempSubdirectory("stampede-libc-").FullName;
        string header = Path.Combine(directory, "libc.h");
        File.WriteAllText(header, Header);
        var options = new BindgenOptions([header], "libc.so.6", Namespace: $"Libc_{Guid.NewGuid():N}");
        var output = BindingGenerator.Generate(options);
        var dispatcher = BindingCompiler.Dispatcher(BindingCompiler.CompileAndLoad(options.Namespace, output.Bindings));
        Target = new NativeTarget(output.Plan.Model, dispatcher, LibraryInstance.Load("libc.so.6"));
    }

    public PreparedProgram Prepare(string body) =>
        new(ProgramText.Parse("# stampede program v1\nlibrary libc.so.6\n" + body, Target.Model), Target.Model);

    /// <summary>A <c>struct tm</c> as program bytes (<c>x"…"</c>): the fields up to <c>tm_isdst</c>, then zeros.</summary>
    public static string Tm(int sec, int min, int hour, int mday, int mon, int year, int wday)
    {
        var bytes = new byte[56];
        int[] fields = [sec, min, hour, mday, mon, year, wday, 0, 0];
        for (int i = 0; i < fields.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), fields[i]);
        return "x\"" + Convert.ToHexStringLower(bytes) + "\"";
    }

    public void Dispose()
    {
        Target.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
