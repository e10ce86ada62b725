using Stampede.Sanitizers;

namespace Stampede.Tests.Sanitizers;

[TestFixture]
public class FrameLineTests
{
    [Test]
    public void The_frame_forms_seen_in_the_captures()
    {
        var tsan = FrameLine.Parse("    #0 0x7f72457042fc tk_format_duration native/samples/textkit/textkit.c:28:28 (libtextkit.so+0x12fb) (BuildId: 0592)")!;
        var tsanDefault = FrameLine.Parse("    #0 tk_format_duration native/samples/textkit/textkit.c:28:28 (libtextkit.so+0x12fb) (BuildId: 0592)")!;
        var jit = FrameLine.Parse("    #1 0x7f71c5ecefc8 <null> <null> (memfd:doublemapper (deleted)+0x16ffc7)")!;
        var interceptor = FrameLine.Parse("    #0 0x7f7247e73ad2 pthread_create <null> (libclang_rt.tsan-x86_64.so+0x73ad1) (BuildId: 2e9d)")!;
        var asan = FrameLine.Parse("    #1 0x7f0c66298f45 in kv_get native/samples/kvstore/kvstore.c:112:5")!;
        var asanModule = FrameLine.Parse("    #0 0x7f0c68b097b6 in free (/usr/lib/llvm-19/lib/clang/19/lib/linux/libclang_rt.asan-x86_64.so+0x1097b6) (BuildId: 93aa)")!;
        var asanJit = FrameLine.Parse("    #2 0x7f0be72d3901  (/memfd:doublemapper (deleted)+0x174901)")!;
        var cpp = FrameLine.Parse("    #3 0x10 in ns::f(int, char) lib/x.cc:9")!;
        Assert.Multiple(() =>
        {
            Assert.That(tsan, Is.EqualTo(new SanitizerFrame(0, 0x7f72457042fc, "tk_format_duration", "native/samples/textkit/textkit.c", 28, 28, "libtextkit.so", 0x12fb)));
            Assert.That(tsanDefault with { Address = 0x7f72457042fc }, Is.EqualTo(tsan));
            Assert.That(tsanDefault.Address, Is.Null);
            Assert.That((jit.Function, jit.File, jit.ModuleName, jit.ModuleOffset, jit.IsAnonymous), Is.EqualTo(((string?)null, (string?)null, (string?)"memfd:doublemapper (deleted)", (ulong?)0x16ffc7, true)));
            Assert.That((interceptor.Function, interceptor.File, interceptor.ModuleName), Is.EqualTo(("pthread_create", (string?)null, (string?)"libclang_rt.tsan-x86_64.so")));
            Assert.That((asan.Function, asan.SourceLine, asan.Column, asan.Module), Is.EqualTo(("kv_get", (string?)"kvstore.c:112", (int?)5, (string?)null)));
            Assert.That((asanModule.Function, asanModule.ModuleName, asanModule.ModuleOffset), Is.EqualTo(("free", (string?)"libclang_rt.asan-x86_64.so", (ulong?)0x1097b6)));
            Assert.That((asanJit.Function, asanJit.ModuleName, asanJit.IsAnonymous, asanJit.Address), Is.EqualTo(((string?)null, (string?)"memfd:doublemapper (deleted)", true, (ulong?)0x7f0be72d3901)));
            Assert.That((cpp.Function, cpp.SourceLine), Is.EqualTo(("ns::f(int, char)", (string?)"x.cc:9")));
            Assert.That(FrameLine.Parse("SUMMARY: x"), Is.Null);
        });
    }

    /// <summary>A file whose name is <c>??</c> (what symbolizers print for an unknown one) is no file: a signature naming
    /// it would merge every such report into one finding (found by the <c>signatures</c> self-fuzz target).</summary>
    [TestCase("    #0 0x7f07 find src/??:0:0 (libkvstore.so+0x1706)")]
    [TestCase("    #0 0x7f07 find src/??:0:0c:98:x (libkvstore.so+0x1706)")]
    public void A_file_named_unknown_is_no_file(string line)
    {
        var frame = FrameLine.Parse(line)!;
        Assert.That((frame.Function, frame.File, frame.Line), Is.EqualTo(("find", (string?)null, (int?)null)));
    }

    /// <summary>Nor is a function named <c>??</c> with an unknown place glued to it (found by the <c>signatures</c>
    /// self-fuzz target: the frame signed <c>sanitizer:d:??:0:0c:98:&lt;7</c>).</summary>
    [Test]
    public void A_function_named_unknown_with_its_place_is_no_function()
    {
        var frame = FrameLine.Parse("    #0 0x7665 ??:0:0 (libkvstore.so+0x1664)")!;
        Assert.That((frame.Function, frame.File, frame.ModuleOffset), Is.EqualTo(((string?)null, (string?)null, (ulong?)0x1664)));
    }

    /// <summary>Nor is a name with the unknown inside text glued around it, as a mangled or truncated report gives
    /// (the 30-minute <c>signatures</c> run signed <c>sanitizer:lock-order-inversion:oe.so:l/p|??:0:0hr: kv:15m</c>).</summary>
    [TestCase("    #0 0x7665 x??:0:0hr: kv (libkvstore.so+0x1664)")]
    [TestCase("    #0 0x7665 find d:??:0:0 (libkvstore.so+0x1664)")]
    public void A_name_with_the_unknown_inside_is_unknown(string line)
    {
        var frame = FrameLine.Parse(line)!;
        Assert.That(frame.Function is null or "find" && frame.File is null, $"{frame.Function} {frame.File}");
    }

    /// <summary>A UBSan location line whose file is unknown gives no site: the report is signed by its stack or summary
    /// (the <c>signatures</c> run signed <c>sanitizer:undefined-behavior:d:??</c>).</summary>
    [Test]
    public void An_undefined_behaviour_report_at_an_unknown_file_is_not_signed_by_it()
    {
        var report = SanitizerReport.Parse("d:??:0:0: runtime error: load of null pointer\n").Single();
        Assert.That(SanitizerSignature.Of(report, "libkvstore.so"), Does.Not.Contain("??"));
    }
}
