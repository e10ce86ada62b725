using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Stampede.Campaigns.Supervision;
using Stampede.Oracles.Process;

namespace Stampede.Tests.Oracles;

/// <summary>
/// A crash report's frames, as the runtime's createdump writes them (the shape below was taken from a real worker that
/// called abort()): the runtime's signal handler, the signal trampoline, the interrupted instruction, then return
/// addresses. They are read, symbolized with llvm-symbolizer against a real sample library and signed, as the
/// supervisor does. The library places come from its disassembly: the AddressSanitizer build ends functions with a
/// call to a report function that never returns, so the call's return address lies past the function.
/// </summary>
public class ReturnAddressTests
{
    static readonly string Library = RepoPaths.SampleLibrary("kvstore", "address");

    [Test]
    public void A_call_that_never_returns_at_a_functions_end_is_signed_by_that_function()
    {
        var (function, returnAddress) = CallsAtFunctionEnds().First();
        var frames = Symbolized(LibraryFrame(returnAddress));

        Assert.That(frames.Where(f => f.Module == "libkvstore.so").Select(f => f.Function).First(), Is.EqualTo(function));
        Assert.That(Sign(frames, "SIGABRT"), Is.EqualTo($"crash:SIGABRT:{function}"));
        // The frame still shows the address the stack holds.
        Assert.That(frames.Single(f => f.Module == "libkvstore.so").Offset, Is.EqualTo(returnAddress));
    }

    [Test]
    public void The_interrupted_instruction_is_looked_up_where_it_is()
    {
        // A fault on a function's first instruction: one byte earlier is another function, or padding.
        var (function, start) = FunctionStarts().First(s => Symbolize(s.Start - 1) != s.Function);
        var frames = Symbolized(LibraryFrame(start), interrupted: true);

        Assert.That(Sign(frames, "SIGSEGV"), Is.EqualTo($"crash:SIGSEGV:{function}"));
    }

    [Test]
    public void Crashes_without_names_are_signed_by_their_places_and_never_by_an_unknown_frame()
    {
        static CapturedFrame Unnamed(long offset) => new("libkvstore.so", offset, null, null, false, ReturnAddress: true);
        var abort = new CapturedFrame(CrashReport.CLibrary, 0x26472, "abort", null, false, ReturnAddress: true);
        var one = CrashOracle.Judge(Evidence([abort, Unnamed(0x1a2b)]), "libkvstore.so").Signature;
        var other = CrashOracle.Judge(Evidence([abort, Unnamed(0x3c4d)]), "libkvstore.so").Signature;
        Assert.That(one, Is.EqualTo("crash:SIGABRT:libkvstore.so+0x1a2b"));
        Assert.That(other, Is.Not.EqualTo(one));

        // No frame of the library: the calls the program threads were in.
        var threads = new[]
        {
            new ThreadPlace(0, ThreadActivity.InCall, 3, "kv_put", []),
            new ThreadPlace(1, ThreadActivity.InCall, 1, "kv_get", []),
        };
        Assert.That(CrashOracle.Judge(Evidence([abort]) with { Threads = threads }, "libkvstore.so").Signature,
            Is.EqualTo("crash:SIGABRT:calls kv_get,kv_put"));
    }

    [Test]
    public void The_runtimes_signal_handler_is_not_part_of_the_crashing_stack()
    {
        var frames = Symbolized(LibraryFrame(CallsAtFunctionEnds().First().ReturnAddress));

        Assert.That(frames.Select(f => f.Function), Has.None.EqualTo("wait4"), "the handler waits for createdump there");
        Assert.That(frames.Select(f => f.Module), Has.None.EqualTo(CrashReport.RuntimeModule));
        Assert.That(frames[0].Function, Is.Null, "the interrupted instruction comes first: pthread_kill, unnamed here");
        Assert.That(frames[0].ReturnAddress, Is.False);
    }

    [Test]
    public void A_crash_inside_the_C_library_as_target_is_not_signed_by_its_abort_path_nor_its_allocator()
    {
        static CapturedFrame Libc(string name) => new(CrashReport.CLibrary, 0x1000 + name.Length, name, null, false, ReturnAddress: true);
        var stack = new[] { Libc("__pthread_kill_implementation"), Libc("gsignal"), Libc("abort"), Libc("__libc_message"),
            Libc("malloc_printerr"), Libc("_int_malloc"), Libc("malloc"), Libc("__tzfile_read"), Libc("tzset_internal") };

        Assert.That(CrashOracle.Judge(Evidence(stack), CrashReport.CLibrary).Signature, Is.EqualTo("crash:SIGABRT:__tzfile_read<tzset_internal"));
        // Any other library's frames of those names would be its own.
        Assert.That(CrashOracle.Judge(Evidence([Libc("abort"), new("libkvstore.so", 0x10, "malloc_tune", null, false)]), "libkvstore.so").Signature,
            Is.EqualTo("crash:SIGABRT:malloc_tune"));
    }

    [TestCase("free(): double free detected in tcache 2", true)]
    [TestCase("malloc(): invalid size (unsorted)", true)]
    [TestCase("corrupted size vs. prev_size", true)]
    [TestCase("*** buffer overflow detected ***: terminated", true)]
    [TestCase("*** stack smashing detected ***: terminated", true)]
    [TestCase("free(x) failed", false)]
    [TestCase("*** buffer overflow detected ***", false)]
    [TestCase("kv_put: terminated", false)]
    public void Glibcs_last_line_before_an_abort_is_recognised(string line, bool isAbort) =>
        Assert.That(GlibcAbort.IsAbortMessage(line), Is.EqualTo(isAbort));

    [Test]
    public void A_frame_gdb_named_keeps_its_name()
    {
        // gdb names frames itself (a return address one byte earlier, as here) and gives no offset: llvm-symbolizer
        // asked about offset 0 answered "??" in its place.
        var stacks = NativeStacks.Parse("Thread 2 (Thread 0x7f0012345678 (LWP 42) \"worker\"):\n" +
            "#0  0x00007f0000001234 in kv_get () from /opt/lib/libkvstore.so\n");
        Assert.That(Symbolizer.For(Library).Symbolize(stacks[42].Frames).Single().Function, Is.EqualTo("kv_get"));
    }

    [Test]
    public void A_fault_handled_on_the_alternate_signal_stack_lists_the_handler_last_and_it_is_dropped_there_too()
    {
        // The layout of a real worker's SIGSEGV in the C library's strcmp: the faulting frame, the thread's managed
        // frames down to its start, then the handler's wait, the runtime and the trampoline.
        var (function, start) = FunctionStarts().First(s => Symbolize(s.Start - 1) != s.Function);
        string[] frames =
        [
            LibraryFrame(start), """{ "is_managed" : "true", "native_offset" : "0x0" }""",
            Native("libcoreclr.so", 0x4a0b1), Native("libc.so.6", 0x89134), Native("libc.so.6", 0x1097dc),
            Native("libc.so.6", 0xd3c17, "wait4"), Native("libcoreclr.so", 0x63a1e1), Native("libcoreclr.so", 0x617dad),
            Native("libc.so.6", 0x3c050),
        ];
        string path = Path.Combine(Directory.CreateTempSubdirectory("stampede-crashreport-").FullName, "core.1.crashreport.json");
        try
        {
            File.WriteAllText(path, $$"""
                { "payload" : { "threads" : [ { "is_managed" : "true", "crashed" : "true", "native_thread_id" : "0xba7",
                  "stack_frames" : [ {{string.Join(",\n", frames)}} ] } ] } }
                """);
            var read = Symbolizer.For(Library).Symbolize(CrashReport.CrashedThread(path)!.Value.Frames);

            Assert.That(read.Select(f => f.Function), Has.None.EqualTo("wait4"));
            Assert.That(read, Has.Count.EqualTo(5), "the handler's wait, its two runtime frames and the trampoline are gone");
            Assert.That(read[0].ReturnAddress, Is.False, "the faulting frame is looked up where it is");
            Assert.That(Sign(read, "SIGSEGV"), Is.EqualTo($"crash:SIGSEGV:{function}"));
            // The C library as the target: nothing of the handler signs its crash either.
            Assert.That(CrashOracle.Judge(Evidence(read), CrashReport.CLibrary).Signature, Does.Not.Contain("wait4"));
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
    }

    static CrashEvidence Evidence(IReadOnlyList<CapturedFrame> stack) => new(134, "SIGABRT", stack, null, [], "");

    static string Sign(IReadOnlyList<CapturedFrame> frames, string signal) =>
        CrashOracle.Judge(new CrashEvidence(134, signal, frames, null, [], ""), "libkvstore.so").Signature;

    /// <summary>Reads a crash report holding <paramref name="libraryFrame"/> and symbolizes its frames.</summary>
    static IReadOnlyList<CapturedFrame> Symbolized(string libraryFrame, bool interrupted = false)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("stampede-crashreport-").FullName, "core.1.crashreport.json");
        try
        {
            File.WriteAllText(path, CrashReportJson(libraryFrame, interrupted));
            var (_, frames) = CrashReport.CrashedThread(path)!.Value;
            return Symbolizer.For(Library).Symbolize(frames);
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
    }

    static string Native(string module, long offset, string? name = null) =>
        $$"""{ "is_managed" : "false", "native_image_offset" : "0x{{offset:x}}", "native_module" : "{{module}}"{{(name is null ? "" : $", \"unmanaged_name\" : \"{name}\"")}} }""";

    static string LibraryFrame(long offset) => Native("libkvstore.so", offset);

    /// <summary>createdump's report of a worker that died in the library: waiting for createdump in the runtime's
    /// handler, the trampoline, then (an abort) pthread_kill, raise, abort and the library, or (a fault) the library.</summary>
    static string CrashReportJson(string libraryFrame, bool interrupted)
    {
        string[] handler =
        [
            Native("libc.so.6", 0xd3c17, "wait4"), Native("libcoreclr.so", 0x63a1e1), Native("libcoreclr.so", 0x63b773),
            Native("libcoreclr.so", 0x617dad), Native("libc.so.6", 0x3c050),
        ];
        string[] abort = [Native("libc.so.6", 0x8aeec), Native("libc.so.6", 0x3bfb2, "gsignal"), Native("libc.so.6", 0x26472, "abort")];
        string managed = """{ "is_managed" : "true", "native_offset" : "0x0" }""";
        var frames = handler.Concat(interrupted ? [] : abort).Append(libraryFrame).Append(managed);
        return $$"""
            { "payload" : { "threads" : [
              { "is_managed" : "true", "crashed" : "false", "native_thread_id" : "0xb99", "stack_frames" : [] },
              { "is_managed" : "true", "crashed" : "true", "native_thread_id" : "0xba7", "stack_frames" : [ {{string.Join(",\n", frames)}} ] } ] } }
            """;
    }

    /// <summary>Calls in the library that end their function (padding or the next function follows): each enclosing
    /// function with the call's return address.</summary>
    static IEnumerable<(string Function, long ReturnAddress)> CallsAtFunctionEnds()
    {
        var lines = Disassembly();
        for (int i = 0; i + 1 < lines.Count; i++)
            if (lines[i].Mnemonic.StartsWith("call", StringComparison.Ordinal) && lines[i + 1] is var next
                && (next.Function != lines[i].Function || next.Mnemonic.StartsWith("nop", StringComparison.Ordinal) || next.Mnemonic == "int3"))
                yield return (lines[i].Function, next.Address);
    }

    /// <summary>The library's own API functions (kv_*) and where each starts.</summary>
    static IEnumerable<(string Function, long Start)> FunctionStarts() =>
        Disassembly().GroupBy(l => l.Function).Where(g => g.Key.StartsWith("kv_", StringComparison.Ordinal)).Select(g => (g.Key, g.First().Address));

    static List<(string Function, long Address, string Mnemonic)> Disassembly()
    {
        var lines = new List<(string, long, string)>();
        string function = "";
        foreach (var line in Run("llvm-objdump-19", "-d", "--no-show-raw-insn", Library).Split('\n'))
        {
            if (Regex.Match(line, @"^[0-9a-f]+ <(?<f>[^>]+)>:$") is { Success: true } header) function = header.Groups["f"].Value;
            else if (Regex.Match(line, @"^\s+(?<a>[0-9a-f]+):\s+(?<m>\S+)") is { Success: true } insn)
                lines.Add((function, long.Parse(insn.Groups["a"].Value, NumberStyles.HexNumber), insn.Groups["m"].Value));
        }
        return lines;
    }

    static string Symbolize(long offset) => Run(Symbolizer.Tool, "--obj=" + Library, $"0x{offset:x}").Split('\n')[0];

    static string Run(string tool, params string[] arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }
}
