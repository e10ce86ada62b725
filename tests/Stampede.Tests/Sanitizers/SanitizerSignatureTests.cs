using Stampede.Sanitizers;

namespace Stampede.Tests.Sanitizers;

[TestFixture]
public class SanitizerSignatureTests
{
    static SanitizerReport Report(string fixture) => SanitizerReport.Parse(Fixtures.Read(fixture)).Single();

    [TestCase("tsan-data-race-global-durbuf.txt", "libtextkit.so", "sanitizer:data-race:textkit.c:28|textkit.c:28")]
    [TestCase("tsan-data-race-global-classtab.txt", "libtextkit.so", "sanitizer:data-race:textkit.c:86|textkit.c:94")]
    [TestCase("tsan-data-race-global-no-line.txt", "libtextkit.so", "sanitizer:data-race:textkit.c:tk_char_class|textkit.c:tk_char_class")]
    [TestCase("tsan-data-race-heap-kvstore.txt", "libkvstore.so", "sanitizer:data-race:kvstore.c:98|kvstore.c:kv_get")]
    [TestCase("tsan-lock-order-inversion-ledger.txt", "libsvcconf.so", "sanitizer:lock-order-inversion:svcconf.c:170|svcconf.c:184")]
    [TestCase("asan-heap-use-after-free-kvstore.txt", "libkvstore.so", "sanitizer:heap-use-after-free:kvstore.c:112|free:poison.h:23")]
    [TestCase("asan-double-free-objcache.txt", "libobjcache.so", "sanitizer:double-free:objcache.c:47|free:objcache.c:47")]
    [TestCase("asan-segv-kvstore.txt", "libkvstore.so", "sanitizer:segv:kvstore.c:70")]
    [TestCase("ubsan-signed-overflow-standalone.txt", "libsample.so", "sanitizer:undefined-behavior:ub.c:3")]
    public void Signature_of_each_capture(string fixture, string library, string expected) =>
        Assert.That(SanitizerSignature.Of(Report(fixture), library), Is.EqualTo(expected));

    [Test]
    public void A_library_path_counts_by_its_file_name() =>
        Assert.That(SanitizerSignature.Of(Report("tsan-data-race-global-classtab.txt"), "/some/dir/libtextkit.so"),
            Is.EqualTo("sanitizer:data-race:textkit.c:86|textkit.c:94"));

    [TestCase("tsan-data-race-global-classtab.txt", "libtextkit.so")]
    [TestCase("tsan-data-race-heap-kvstore.txt", "libkvstore.so")]
    public void Swapping_the_two_accesses_gives_the_same_signature(string fixture, string library)
    {
        var report = Report(fixture);
        var swapped = report with { Accesses = [report.Accesses[1] with { Previous = false }, report.Accesses[0] with { Previous = true }] };
        Assert.That(SanitizerSignature.Of(swapped, library), Is.EqualTo(SanitizerSignature.Of(report, library)));
    }

    [Test]
    public void Swapping_the_two_threads_of_a_lock_order_inversion_gives_the_same_signature()
    {
        var report = Report("tsan-lock-order-inversion-ledger.txt");
        var swapped = report with { Locks = report.Locks.Skip(2).Concat(report.Locks.Take(2)).ToArray() };
        Assert.That(SanitizerSignature.Of(swapped, "libsvcconf.so"), Is.EqualTo(SanitizerSignature.Of(report, "libsvcconf.so")));
    }

    [Test]
    public void The_innermost_frame_in_the_library_wins_over_an_interceptor_and_over_frames_outside()
    {
        var stack = new[]
        {
            new SanitizerFrame(0, 0x10, "memcpy", null, null, null, "libclang_rt.tsan-x86_64.so", 0x100),
            new SanitizerFrame(1, 0x20, "helper", "include/helper.h", 7, 1, "libother.so", 0x200),
            new SanitizerFrame(2, 0x30, "api_call", "src/api.c", 42, 3, "libtarget.so", 0x300),
            new SanitizerFrame(3, 0x40, null, null, null, null, "memfd:doublemapper (deleted)", 0x400),
        };
        Assert.Multiple(() =>
        {
            Assert.That(SanitizerSignature.Site(stack, "libtarget.so"), Is.EqualTo("api.c:42"));
            Assert.That(SanitizerSignature.Site(stack, "libunknown.so"), Is.EqualTo("helper.h:7"), "falls back to the innermost frame with a line");
            Assert.That(SanitizerSignature.Site([stack[0], stack[3]], "libtarget.so"), Is.EqualTo("memcpy"));
            Assert.That(SanitizerSignature.Site([stack[3]], "libtarget.so"), Is.EqualTo("memfd:doublemapper (deleted)+0x400"));
            Assert.That(SanitizerSignature.Site([], "libtarget.so"), Is.EqualTo("?"));
        });
    }
}
