using Stampede.Sanitizers;

namespace Stampede.Tests.Sanitizers;

/// <summary>The runtime's perf map names the JIT frames of real captures: the perf maps beside the reports are the
/// entries of the capturing process's /tmp/perf-PID.map that the report's addresses fall in.</summary>
[TestFixture]
public class PerfMapTests
{
    [Test]
    public void Parses_both_hex_forms_skips_garbage_and_prefers_the_smallest_entry()
    {
        var map = PerfMap.Parse(
            "0x1000 100 stub ReportStubBlock<Unknown>\n" +
            "1040 10 int32 [A] N.C::M(int32)[QuickJitted]\r\n" +
            "not a line\n0xzz 10 bad\n0x3000 0 empty\n" +
            "0x2000 20 void [A] N.C::Other()[OptimizedTier1]\n0x2100 1");
        Assert.Multiple(() =>
        {
            Assert.That(map.Entries, Has.Count.EqualTo(3));
            Assert.That(map.Resolve(0x1045), Is.EqualTo("N.C::M"));
            Assert.That(map.Resolve(0x1050), Is.EqualTo("stub ReportStubBlock<Unknown>"), "only the stub block contains it");
            Assert.That(map.Resolve(0x201f), Is.EqualTo("N.C::Other"));
            Assert.That(map.Resolve(0x2020), Is.Null);
            Assert.That(map.Resolve(0x10), Is.Null);
            Assert.That(map.Find(0x1045)!.Name, Is.EqualTo("int32 [A] N.C::M(int32)[QuickJitted]"));
        });
    }

    [Test]
    public void A_tsan_race_shows_the_generated_binding_that_called_the_native_function()
    {
        var report = SanitizerReport.Parse(Fixtures.Read("tsan-data-race-global-durbuf.txt")).Single();
        var map = PerfMap.Load(Path.Combine(Fixtures.Dir, "tsan-data-race-global-durbuf.perf-12356.map"));
        var named = ManagedFrames.Annotate(report, map);
        Assert.Multiple(() =>
        {
            foreach (var access in named.Accesses)
            {
                Assert.That(access.Stack[0].ManagedMethod, Is.Null, "native frames keep their names");
                Assert.That(access.Stack[1].ManagedMethod, Is.EqualTo("Stampede.Harnesses.Textkit.Native::tk_format_duration"));
            }
            Assert.That(report.Accesses[0].Stack[1].ManagedMethod, Is.Null, "the parsed report is not changed");
            Assert.That(named.Threads[0].CreationStack[1].ManagedMethod, Is.Null, "libcoreclr's own code is not in the map");
        });
    }

    [Test]
    public void An_asan_free_stack_shows_the_binding_the_dispatcher_and_the_executor_thread()
    {
        var report = SanitizerReport.Parse(Fixtures.Read("asan-heap-use-after-free-kvstore.txt")).Single();
        var map = PerfMap.Load(Path.Combine(Fixtures.Dir, "asan-heap-use-after-free-kvstore.perf-13258.map"));
        var named = ManagedFrames.Annotate(report, map);
        Assert.Multiple(() =>
        {
            Assert.That(ManagedFrames.CallPath(named.Accesses[0].Stack), Is.EqualTo(new[] { "Stampede.Harnesses.Kvstore.Native::kv_get" }));
            Assert.That(ManagedFrames.CallPath(named.Free!.Frames), Is.EqualTo(new[]
            {
                "Stampede.Harnesses.Kvstore.Native::kv_put",
                "Stampede.Harnesses.Kvstore.Dispatcher::Invoke",
                "Stampede.Execution.Running.PreparedCall::Invoke",
                "Stampede.Execution.Running.StressExecutor+ProgramRun::Work",
            }));
            Assert.That(ManagedFrames.CallPath(named.Allocation!.Frames)[0], Is.EqualTo("Stampede.Harnesses.Kvstore.Native::kv_put"));
            Assert.That(ManagedFrames.CallPath(named.Threads[0].CreationStack), Does.Contain("Stampede.Execution.Running.StressExecutor+ProgramRun::.ctor"));
            Assert.That(named.Free.Frames[8].ModuleName, Is.EqualTo("System.Private.CoreLib.dll"));
            Assert.That(named.Free.Frames[8].ManagedMethod, Is.Null, "precompiled framework code is not in the perf map");
            Assert.That(named.Free.Frames[3].ToString(), Does.StartWith("#3 0x7f0be72d2a42 Stampede.Harnesses.Kvstore.Native::kv_put (/memfd:doublemapper (deleted)+0x173a42)"));
        });
    }

    [Test]
    public void A_missing_perf_map_is_null() =>
        Assert.That(PerfMap.ForProcess(int.MaxValue, Fixtures.Dir), Is.Null);
}
