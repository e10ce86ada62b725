using Stampede.Sanitizers;

namespace Stampede.Tests.Sanitizers;

/// <summary>The root-cause key of each captured report: what conflicted, by API function, whatever lines it ran.</summary>
[TestFixture]
public class SanitizerKeyTests
{
    static SanitizerReport Report(string fixture) => SanitizerReport.Parse(Fixtures.Read(fixture)).Single();

    [TestCase("tsan-data-race-global-durbuf.txt", "libtextkit.so", "race:@duration_buffer")]
    [TestCase("tsan-data-race-global-classtab.txt", "libtextkit.so", "race:@class_table")]
    [TestCase("tsan-data-race-global-no-line.txt", "libtextkit.so", "race:@class_table")]
    [TestCase("tsan-data-race-heap-kvstore.txt", "libkvstore.so", "race:heap@kv_open")]
    [TestCase("tsan-lock-order-inversion-ledger.txt", "libsvcconf.so", "deadlock:ledger_balance∥ledger_post")]
    [TestCase("asan-heap-use-after-free-kvstore.txt", "libkvstore.so", "freed:kv_get∥kv_put")]
    [TestCase("asan-heap-use-after-free-kvstore.txt", "libkvstore.so", "freed:heap@kv_put", true)]
    [TestCase("asan-double-free-objcache.txt", "libobjcache.so", "freed:obj_release∥obj_release")]
    [TestCase("asan-segv-kvstore.txt", "libkvstore.so", "segv:kv_get")]
    public void Key_of_each_capture(string fixture, string library, string expected, bool withoutHandles = false) =>
        Assert.That(SanitizerKey.Of(Report(fixture), library, withoutHandles ? NoHandles : null), Is.EqualTo(expected));

    [Test]
    public void One_race_at_other_lines_keeps_its_key_while_its_signature_changes()
    {
        var report = Report("tsan-data-race-heap-kvstore.txt");
        var moved = report with { Accesses = report.Accesses.Select(a => a with { Stack = a.Stack.Select(f => f with { Line = f.Line + 7 }).ToArray() }).ToArray() };
        Assert.That(SanitizerSignature.Of(moved, "libkvstore.so"), Is.Not.EqualTo(SanitizerSignature.Of(report, "libkvstore.so")));
        Assert.That(SanitizerKey.Of(moved, "libkvstore.so"), Is.EqualTo(SanitizerKey.Of(report, "libkvstore.so")));
    }

    [Test]
    public void Two_races_in_one_function_on_different_globals_keep_apart()
    {
        var report = Report("tsan-data-race-global-durbuf.txt");
        var other = report with { Location = report.Location! with { Name = "another_buffer" } };
        Assert.That(SanitizerKey.Of(other, "libtextkit.so"), Is.Not.EqualTo(SanitizerKey.Of(report, "libtextkit.so")));
    }

    static readonly ApiShape KvStore = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["kv_open"] = [], ["kv_get"] = ["kv_store"], ["kv_put"] = ["kv_store"], ["kv_delete"] = ["kv_store"],
    });

    [Test]
    public void Two_calls_that_take_one_kind_of_handle_race_on_that_state_whichever_pair_met()
    {
        var report = Report("tsan-data-race-heap-kvstore.txt");
        Assert.That(SanitizerKey.Of(report, "libkvstore.so", KvStore), Is.EqualTo("race:kv_store"));
        var asDelete = report with { Accesses = [report.Accesses[0], report.Accesses[1] with {
            Stack = report.Accesses[1].Stack.Select(f => f.Function == "kv_put" ? f with { Function = "kv_delete" } : f).ToArray() }] };
        Assert.That(SanitizerKey.Of(asDelete, "libkvstore.so", KvStore), Is.EqualTo("race:kv_store"), "kv_get against kv_delete: the same store");
    }

    static readonly ApiShape NoHandles = new(new Dictionary<string, IReadOnlyList<string>> { ["kv_open"] = [], ["kv_get"] = [], ["kv_put"] = [] });

    /// <summary>A registry's table that a global points to and <c>reg_add</c> grows: <c>reg_add∥reg_add</c> and
    /// <c>reg_add∥reg_find</c> met on the same memory, which a campaign once reported as two findings.</summary>
    [Test]
    public void Without_a_shared_handle_or_global_the_key_is_the_API_function_that_allocated_the_block()
    {
        var report = Report("tsan-data-race-heap-kvstore.txt");
        Assert.That(SanitizerKey.Of(report, "libkvstore.so", NoHandles), Is.EqualTo("race:heap@kv_open"));
        var bothWriting = report with { Accesses = [report.Accesses[1], report.Accesses[1]] };
        Assert.That(SanitizerKey.Of(bothWriting, "libkvstore.so", NoHandles), Is.EqualTo("race:heap@kv_open"), "kv_put against kv_put: the same block");
    }

    [Test]
    public void Without_a_shared_handle_a_global_or_an_allocation_in_the_library_the_key_is_the_pair_of_API_functions()
    {
        var report = Report("tsan-data-race-heap-kvstore.txt");
        var hostMemory = report with { Location = report.Location! with { AllocationStack = report.Location.AllocationStack.Where(f => f.Function != "kv_open").ToArray() } };
        Assert.That(SanitizerKey.Of(hostMemory, "libkvstore.so", NoHandles), Is.EqualTo("race:kv_get∥kv_put"));
    }
}
