using Stampede.Campaigns.Supervision;
using Stampede.Findings;
using Stampede.Tests.Findings;

namespace Stampede.Tests.Campaigns;

/// <summary>A crash report shows the other side of a race: where every other thread was when the worker died, read
/// from createdump's report, with runs of frames nobody can name shown as one row.</summary>
[TestFixture]
public class OtherThreadsAtDeathTests
{
    [Test]
    public void Every_thread_but_the_crashed_one_is_read_with_its_frames_innermost_first()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("stampede-crashreport-").FullName, "core.1.crashreport.json");
        try
        {
            File.WriteAllText(path, """
                { "payload" : { "threads" : [
                  { "crashed" : "true", "native_thread_id" : "0xa", "stack_frames" : [
                    { "is_managed" : "false", "native_image_offset" : "0x10", "native_module" : "libkvstore.so", "unmanaged_name" : "find" } ] },
                  { "crashed" : "false", "native_thread_id" : "0xb", "stack_frames" : [
                    { "is_managed" : "false", "native_image_offset" : "0x20", "native_module" : "libkvstore.so", "unmanaged_name" : "kv_get" },
                    { "is_managed" : "true", "native_offset" : "0x5", "filename" : "Harness.dll", "method_name" : "Bindings.kv_get" } ] } ] } }
                """);
            var others = CrashReport.OtherThreads(path);

            Assert.That(others.Keys, Is.EquivalentTo(new[] { 0xb }), "the crashed thread is not among the others");
            Assert.That(others[0xb].Select(f => f.Function), Is.EqualTo(new[] { "kv_get", "Bindings.kv_get" }));
            Assert.That(others[0xb][0].ReturnAddress, Is.False, "where the thread is, looked up as it is");
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
    }

    [Test]
    public void An_unreadable_report_gives_no_other_threads_and_no_exception()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("stampede-crashreport-").FullName, "core.1.crashreport.json");
        try
        {
            File.WriteAllText(path, "{ not json");
            Assert.That(CrashReport.OtherThreads(path), Is.Empty);
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
    }

    [Test]
    public void A_run_of_unnamed_frames_is_one_row_of_the_report()
    {
        Frame unnamed = new(null, null, "memfd:doublemapper");
        var finding = SampleFindings.Crash() with
        {
            Stacks = [new Stack("t1 in kv_get (at the crash)", [new Frame("kv_get", null, "libkvstore.so"), unnamed, unnamed, unnamed, new Frame("Main", null, "stampede.dll")])],
        };
        var now = DateTimeOffset.UtcNow;
        string md = MarkdownReport.Render(new RecordedFinding("s", finding, 1, now, now, null, null, []));

        Assert.That(md, Does.Contain("3 frames without a symbol"));
        Assert.That(md, Does.Not.Contain("memfd:doublemapper"));
        Assert.That(md, Does.Contain("Main"), "the frames after the run are still shown");
    }
}
