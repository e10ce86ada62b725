using System.Text;
using Stampede.Campaigns.Supervision;
using Stampede.Model;
using Stampede.Oracles.Process;
using Stampede.Sanitizers;

namespace Stampede.SelfFuzz;

/// <summary>
/// What Stampede reads about a dead or hung worker, and the signature the crash oracle makes of it. The first byte
/// picks the reader, the rest is its text: the runtime's crash report (crashreport.json, <see cref="CrashReport"/>),
/// gdb's backtraces (<see cref="NativeStacks.Parse"/>), llvm-symbolizer's answer for four frames of the library
/// (<see cref="Symbolizer"/>, run against a stand-in that prints the text), or a standard error with sanitizer reports
/// (<see cref="SanitizerReport.Parse"/>). Contract: each reader gives a result or its documented exception
/// (<see cref="InvalidDataException"/> for a crash report; nothing for the others), and the crash oracle signs the
/// result without throwing. With <see cref="UnknownFramesRefused"/> (the <c>signatures</c> target), also: the signature
/// names no unknown frame (<c>??</c>, see <see cref="Unknown"/>), which would make every unsymbolized crash one finding.
/// </summary>
public sealed class EvidenceTarget : ISelfFuzzTarget, IDisposable
{
    public const string Library = SampleFindings.Library;

    /// <summary>What gdb, llvm-symbolizer and sanitizers print for a frame they know nothing of.</summary>
    public const string UnknownFrame = "??";

    private enum Reader { CrashReport, Gdb, Symbolizer, Sanitizer }

    private readonly string _scratch = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"stampede-selffuzz-evidence-{Environment.ProcessId}")).FullName;
    private readonly Symbolizer _symbolizer = Symbolizer.For("/opt/lib/" + Library);
    private readonly string? _path = Environment.GetEnvironmentVariable("PATH");

    public EvidenceTarget(bool unknownFramesRefused)
    {
        UnknownFramesRefused = unknownFramesRefused;
        // llvm-symbolizer as Symbolizer runs it (by name, on PATH), answering with the input's text.
        var tool = Path.Combine(_scratch, Symbolizer.Tool);
        File.WriteAllText(tool, $"#!/bin/sh\nexec cat '{SymbolizerAnswer}'\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Environment.SetEnvironmentVariable("PATH", _scratch + Path.PathSeparator + _path);
    }

    /// <summary>Gives the process back its PATH (the real llvm-symbolizer) and removes the scratch directory.</summary>
    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _path);
        Directory.Delete(_scratch, recursive: true);
    }

    public bool UnknownFramesRefused { get; }

    private string SymbolizerAnswer => Path.Combine(_scratch, "symbolizer.out");

    public string Name => UnknownFramesRefused ? "signatures" : "evidence";

    public IReadOnlyList<string> Instrumented => [Assemblies.Of<SanitizerReport>(), Assemblies.Of<Symbolizer>(), Assemblies.Of<CrashEvidence>()];

    public string Contract => UnknownFramesRefused
        ? "as evidence, and no part of a crash or sanitizer signature is an unknown frame (??)"
        : "crash reports, gdb and llvm-symbolizer output and sanitizer reports read without an undocumented exception, and the crash oracle signs what they give";

    public void Run(ReadOnlySpan<byte> input)
    {
        var reader = (Reader)((input.IsEmpty ? 0 : input[0]) % Enum.GetValues<Reader>().Length);
        var text = input.IsEmpty ? "" : Encoding.UTF8.GetString(input[1..]);
        var verdict = reader switch
        {
            Reader.CrashReport => FromCrashReport(text),
            Reader.Gdb => NativeStacks.Parse(text).Values.Select(s => Crash(s.Frames)).LastOrDefault(),
            Reader.Symbolizer => FromSymbolizer(text),
            _ => FromSanitizer(text),
        };
        if (UnknownFramesRefused && verdict is not null && Unknown(verdict.Signature))
            throw new ContractViolation($"the signature {verdict.Signature} names an unknown frame ({UnknownFrame})");
    }

    /// <summary>Whether a signature names an unknown frame: a crash's function (<c>crash:SIGSEGV:??&lt;??</c>), or a sanitizer
    /// site whose file or function is unknown (<c>sanitizer:segv:??</c>, <c>??:find</c>, <c>kvstore.c:??</c>).</summary>
    public static bool Unknown(string signature)
    {
        var parts = signature.Split(':', 3);
        if (parts.Length < 3) return false;
        var frames = parts[0] == FindingKind.Crash.Name()
            ? parts[2].Split('<')
            : parts[2].Split('|').Select(site => site.StartsWith(FreeSite, StringComparison.Ordinal) ? site[FreeSite.Length..] : site);
        return frames.Any(f => f == UnknownFrame || f.StartsWith(UnknownFrame + ":", StringComparison.Ordinal) || f.EndsWith(":" + UnknownFrame, StringComparison.Ordinal));
    }

    /// <summary>How a sanitizer signature marks the site of the free (<see cref="SanitizerSignature"/>).</summary>
    private const string FreeSite = "free:";

    private ProcessVerdict? FromCrashReport(string text)
    {
        var path = Path.Combine(_scratch, "core.1.crashreport.json");
        File.WriteAllText(path, text);
        try { return CrashReport.CrashedThread(path) is { } crashed ? Crash(crashed.Frames) : null; }
        catch (InvalidDataException) { return null; }
    }

    private ProcessVerdict FromSymbolizer(string text)
    {
        File.WriteAllText(SymbolizerAnswer, text);
        var frames = Enumerable.Range(1, 4).Select(i => new CapturedFrame(Library, 0x100 * i, null, null, Managed: false)).ToArray();
        return Crash(_symbolizer.Symbolize(frames));
    }

    private static ProcessVerdict? FromSanitizer(string text)
    {
        var reports = SanitizerReport.Parse(text);
        foreach (var report in reports)
        {
            _ = SanitizerSignature.Of(report, Library);
            _ = report.InvolvesLibrary(Library);
        }
        return SanitizerOracle.Judge(new CrashEvidence(SanitizerOracle.ExitCode, null, [], null, [], text, reports), Library);
    }

    private static ProcessVerdict Crash(IReadOnlyList<CapturedFrame> frames) =>
        CrashOracle.Judge(new CrashEvidence(139, "SIGSEGV", frames, null, [], ""), Library);

    public IEnumerable<SeedInput> Seeds()
    {
        yield return Seed(Reader.CrashReport, "crashreport.json", CrashReportSample);
        yield return Seed(Reader.Gdb, "gdb.txt", GdbSample);
        yield return Seed(Reader.Symbolizer, "symbolizer.txt", SymbolizerSample);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "evidence")).Order(StringComparer.Ordinal))
            yield return Seed(Reader.Sanitizer, Path.GetFileName(file), File.ReadAllText(file));
    }

    private static SeedInput Seed(Reader reader, string name, string text) =>
        new($"{reader.ToString().ToLowerInvariant()}-{name}", [(byte)reader, .. Encoding.UTF8.GetBytes(text)]);

    public IEnumerable<string> DictionaryTokens() =>
    [
        "\"payload\"", "\"threads\"", "\"crashed\"", "\"true\"", "\"native_thread_id\"", "\"stack_frames\"", "\"is_managed\"", "\"filename\"",
        "\"native_module\"", "\"native_offset\"", "\"native_image_offset\"", "\"method_name\"", "\"unmanaged_name\"", "\"0x", "null", "[]", "{}",
        "Thread 1 (Thread 0x7f00 (LWP ", ") \"", "#0  ", "0x00007f00 in ", " () ", " at ", " from ", UnknownFrame, "??:0:0", "\n\n",
        "WARNING: ThreadSanitizer: ", "==1==ERROR: AddressSanitizer: ", ": runtime error: ", "SUMMARY: ", "==================", "==1==ABORTING",
        "data race", "heap-use-after-free", "SEGV on unknown address", "lock-order-inversion", "Previous write of size 8 at 0x1 by thread T1:",
        "Read of size 4 at 0x1 by thread T2:", "freed by thread T1 here:", "Mutex M0 acquired here while holding mutex M1 in thread T1:",
        "    #0 0x7f00 in ", " (" + Library + "+0x", "<null>", "memfd:doublemapper (deleted)", "kvstore.c:", "Location is heap block of size 8 at 0x1 allocated by thread T1:",
        "Thread T1 (tid=5, running) created by main thread at:", "(pid=", "2147483648", "99999999999",
    ];

    private const string CrashReportSample = """
        {"payload": {"protocol_version": "1.0.0", "threads": [
          {"is_managed": "false", "crashed": "false", "native_thread_id": "0x1a2a", "stack_frames": []},
          {"is_managed": "false", "crashed": "true", "native_thread_id": "0x1a2b", "stack_frames": [
            {"is_managed": "false", "native_address": "0x7f3a12341727", "native_image_offset": "0x1727", "native_module": "libkvstore.so", "unmanaged_name": "find"},
            {"is_managed": "false", "native_image_offset": "0x18a0", "native_module": "libkvstore.so"},
            {"is_managed": "true", "filename": "Stampede.Harness.dll", "native_offset": "0x40", "method_name": "Stampede.Harness.Kv.Get"}]}]}}
        """;

    private const string GdbSample = """
        Thread 8 (Thread 0x7feaf55ff6c0 (LWP 9583) "stampede-t1"):
        #0  futex_wait (private=0, expected=2, futex_word=0x7feb04597108 <balances_lock>) at ../sysdeps/nptl/futex-internal.h:146
        #3  ___pthread_mutex_lock (mutex=0x7feb04597108 <balances_lock>) at ./nptl/pthread_mutex_lock.c:93
        #4  0x00007feb0459474e in kv_lock (s=0x7fdf2d809778) at native/samples/kvstore/kvstore.c:159 from /opt/lib/libkvstore.so
        #5  0x00007feb07661bb9 in ?? ()
        Thread 1 (Thread 0x7feb07a4e740 (LWP 9570) "dotnet"):
        #0  0x00007feb07b1a0a9 in _int_malloc (av=0x7feb07c62c60 <main_arena>, bytes=24) at ./malloc/malloc.c:4005
        #2  0x00007feb0459401c in kv_put () from /opt/lib/libkvstore.so
        """;

    private const string SymbolizerSample = "find\n/src/native/samples/kvstore/kvstore.c:70:12\n\nhelper\n/src/native/samples/kvstore/kvstore.c:31:5\n" +
        "kv_get\n/src/native/samples/kvstore/kvstore.c:104:9\n\nkv_put\n??:0:0\n\n??\n??:0:0\n\n";
}
