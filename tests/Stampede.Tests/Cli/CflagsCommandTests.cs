using System.Diagnostics;
using System.Runtime.InteropServices;
using Stampede.Harnesses;
using Stampede.Tests.Bindgen;
using Stampede.Tests.Samples;

namespace Stampede.Tests.Cli;

/// <summary>
/// <c>stampede cflags --variant V</c> prints the flags CMakeLists.txt builds the samples with (CMake configured afresh
/// for each variant, its build.ninja read), so that a user's library built with them is built as the samples are; and a
/// library compiled with the schedule flags is one the scheduling runtime runs.
/// </summary>
[TestFixture]
public class CflagsCommandTests
{
    // What CMake adds for its own sake, not the variant's: warnings, position-independent code (a user asks for it
    // with -fPIC, as for any shared library) and the C standard.
    static readonly string[] CMakesOwn = ["-Wall", "-Wextra", "-fPIC", "-std=gnu11"];

    string temp = "";

    [SetUp]
    public void SetUp() => temp = Directory.CreateTempSubdirectory("stampede-cflags-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(temp, recursive: true);

    [TestCase("plain")]
    [TestCase("thread")]
    [TestCase("address")]
    [TestCase("coverage")]
    [TestCase("schedule")]
    public void The_flags_printed_are_those_CMake_builds_the_samples_with(string variant)
    {
        var printed = CliProcess.Run(null, "cflags", "--variant", variant);
        Assert.That(printed.ExitCode, Is.Zero, printed.Error);
        Assert.That(printed.Out.TrimEnd('\n'), Does.Not.Contain('\n'), "one line");

        var (compile, link) = CMakeFlags(variant, "kvstore");
        var expected = Normalized(compile.Where(f => !CMakesOwn.Contains(f)).Concat(link)).Distinct();
        Assert.That(Normalized(Tokens(printed.Out)), Is.EqualTo(expected), $"cflags --variant {variant} against CMakeLists.txt");
    }

    [Test]
    public void An_unknown_variant_is_one_error_line_and_exit_code_2()
    {
        var result = CliProcess.Run(null, "cflags", "--variant", "fast");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Out, Is.Empty);
        Assert.That(result.Error.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
        Assert.That(result.Error, Does.StartWith("error: ").And.Contain("fast").And.Contain("schedule"));
    }

    [DllImport("libc", EntryPoint = "dlopen")]
    static extern nint DlOpen(string file, int mode);

    [DllImport("libc", EntryPoint = "dlerror")]
    static extern nint DlError();

    const int RtldNow = 2, RtldGlobal = 0x100;
    const int StrategyNone = 0, Completed = 0;

    const string Counter = """
        #include <pthread.h>
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        static int counter;
        int bump(void) { pthread_mutex_lock(&lock); int now = ++counter; pthread_mutex_unlock(&lock); return now; }
        """;

    // A C file of the user's, compiled the way the command says, needs the runtime (its hooks and lock wrappers are
    // undefined), loads once the runtime is in the global scope, and its accesses and lock are scheduling points.
    [Test]
    public unsafe void A_library_compiled_with_the_schedule_flags_runs_under_the_scheduling_runtime()
    {
        string source = Path.Combine(temp, "counter.c"), library = Path.Combine(temp, "libcounter.so");
        File.WriteAllText(source, Counter);
        string flags = CliProcess.Run(null, "cflags", "--variant", "schedule").Out;
        var compiled = CliProcess.Run("clang-19", temp, [.. Tokens(flags), "-shared", "-fPIC", "-o", library, source]);
        Assert.That(compiled.ExitCode, Is.Zero, compiled.Error);
        Assert.That(NativeSymbols.Undefined(library), Does.Contain("__sanitizer_cov_load4").And.Contain("__wrap_pthread_mutex_lock"));

        string runtimeFile = Path.Combine(RepoPaths.NativeLibDir("schedule"), "libstampede_schedrt.so");
        nint runtime = DlOpen(runtimeFile, RtldNow | RtldGlobal);
        Assert.That(runtime, Is.Not.Zero, Marshal.PtrToStringUTF8(DlError()));
        nint handle = DlOpen(library, RtldNow);
        Assert.That(handle, Is.Not.Zero, Marshal.PtrToStringUTF8(DlError()));

        var begin = (delegate* unmanaged<int, int, ulong, int, ulong, byte*, nuint, int>)NativeLibrary.GetExport(runtime, "stampede_sched_begin");
        var enter = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(runtime, "stampede_sched_thread_enter");
        var exit = (delegate* unmanaged<void>)NativeLibrary.GetExport(runtime, "stampede_sched_thread_exit");
        var end = (delegate* unmanaged<int>)NativeLibrary.GetExport(runtime, "stampede_sched_end");
        var points = (delegate* unmanaged<ulong>)NativeLibrary.GetExport(runtime, "stampede_sched_points");
        var bump = (delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "bump");

        Assert.That(begin(1, StrategyNone, 1, 0, 0, null, 0), Is.Zero);
        int bumped = 0;
        // A thread of its own: the run's one program thread, which exit() keeps until the run is over.
        var thread = new Thread(() => { enter(0); bumped = bump(); exit(); });
        thread.Start();
        Assert.That(end(), Is.EqualTo(Completed));
        thread.Join();
        Assert.That(bumped, Is.EqualTo(1));
        Assert.That(points(), Is.GreaterThanOrEqualTo(3ul), "the lock and the counter's load and store are scheduling points");
    }

    static string[] Tokens(string line) => line.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Linker arguments one per entry, however they were passed: <c>-Wl,a,b</c> and CMake's
    /// <c>-Xlinker a -Xlinker b</c> both give <c>-Wl,a</c>, <c>-Wl,b</c>.</summary>
    static List<string> Normalized(IEnumerable<string> flags)
    {
        var result = new List<string>();
        bool linkerArgument = false;
        foreach (var flag in flags)
        {
            if (linkerArgument) { result.Add("-Wl," + flag); linkerArgument = false; }
            else if (flag == "-Xlinker") linkerArgument = true;
            else if (flag.StartsWith("-Wl,", StringComparison.Ordinal)) result.AddRange(flag[4..].Split(',').Select(a => "-Wl," + a));
            else result.Add(flag);
        }
        return result;
    }

    /// <summary>The compile flags of <paramref name="sample"/>'s source and the link flags of its library, from the
    /// build.ninja of CMake configured for <paramref name="variant"/> in a scratch directory.</summary>
    (string[] Compile, string[] Link) CMakeFlags(string variant, string sample)
    {
        string build = Path.Combine(temp, "cmake-" + variant);
        var configure = CliProcess.Run("cmake", RepoPaths.Root,
            ["-S", RepoPaths.Root, "-B", build, "-G", "Ninja", "-DCMAKE_C_COMPILER=clang-19", "-DSTAMPEDE_VARIANT=" + variant]);
        Assert.That(configure.ExitCode, Is.Zero, configure.Out + configure.Error);
        string[] compile = [], link = [];
        string? block = null;
        foreach (var line in File.ReadLines(Path.Combine(build, "build.ninja")))
        {
            if (line.StartsWith("build ", StringComparison.Ordinal))
                block = line.Contains($"CMakeFiles/{sample}.dir/") && line.Contains(".c.o:") ? "compile"
                    : line.StartsWith($"build lib/lib{sample}.so:", StringComparison.Ordinal) ? "link" : null;
            else if (block == "compile" && line.StartsWith("  FLAGS = ", StringComparison.Ordinal)) compile = Tokens(line["  FLAGS = ".Length..]);
            else if (block == "link" && line.StartsWith("  LINK_FLAGS = ", StringComparison.Ordinal)) link = Tokens(line["  LINK_FLAGS = ".Length..]);
        }
        Assert.That(compile, Is.Not.Empty, $"no compile flags of {sample} in {build}/build.ninja");
        return (compile, link);
    }
}
