using Stampede.Campaigns.Systematic;
using Stampede.Execution.Instances;
using Stampede.Execution.Systematic;
using Stampede.Findings;
using Stampede.Tests.Bindgen;
using Stampede.Tests.Cli;

namespace Stampede.Tests.Systematic;

/// <summary>
/// Systematic mode on a schedule build, through the real command and worker processes: a harness whose library is the
/// schedule build (the samples' harnesses copied with it in the place of the plain build, the runtime beside it, as a
/// user's own library built with <c>stampede cflags --variant schedule</c>) schedules inside calls. <c>repro --mode
/// systematic</c> finds a race inside one call that Coyote's call-level mode cannot, stores the runtime's trace and
/// replays it 20 of 20 in other processes; the lock-order inversion is found as a deadlock with both threads blocked
/// and replays as one; a campaign stores the native schedule with its finding. Seeds are fixed.
/// </summary>
[TestFixture]
public class NativeScheduleModeTests
{
    const string LostRetain = "# stampede program v1\nlibrary libobjcache.so\nsetup:\n  r0 = obj_new(\"o\")\n" +
                              "thread 0:\n  obj_retain(r0)\n  obj_refcount(r0)\nthread 1:\n  obj_retain(r0)\n  obj_refcount(r0)\n";

    const string LockOrder = "# stampede program v1\nlibrary libsvcconf.so\nthread 0:\n  ledger_post(\"acct\", 1)\nthread 1:\n  ledger_balance(\"acct\")\n";

    string root = "", temp = "";

    [SetUp]
    public void SetUp()
    {
        root = Directory.CreateTempSubdirectory("stampede-native-schedule-").FullName;
        temp = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
    }

    [TearDown]
    public void Delete() => Directory.Delete(root, recursive: true);

    /// <summary>The sample's harness copied under root, its bindings finding the schedule build (with the runtime) at
    /// ../../build/native/plain/lib/ from it.</summary>
    string ScheduleHarness(string library)
    {
        string harness = Path.Combine(root, "harnesses", library);
        DirectoryCopy.Of(Path.Combine(RepoPaths.Root, "harnesses", library), harness);
        string lib = Directory.CreateDirectory(Path.Combine(root, "build", "native", "plain", "lib")).FullName;
        File.Copy(RepoPaths.SampleLibrary(library, "schedule"), Path.Combine(lib, $"lib{library}.so"));
        if (!File.Exists(Path.Combine(lib, ScheduleRuntime.FileName)))
            File.Copy(Path.Combine(RepoPaths.NativeLibDir("schedule"), ScheduleRuntime.FileName), Path.Combine(lib, ScheduleRuntime.FileName));
        return harness;
    }

    [Test]
    public void A_race_inside_a_call_is_found_by_repro_and_its_native_trace_replays_20_of_20()
    {
        string harness = ScheduleHarness("objcache"), program = Path.Combine(root, "lost-retain.txt");
        File.WriteAllText(program, LostRetain);
        var repro = StampedeProcess.Run(temp, "repro", "--harness", harness, "--mode", "systematic", "--iterations", "500", "--seed", "1", program);
        Assert.That(repro.ExitCode, Is.EqualTo(1), repro.Out + repro.Error);
        Assert.That(repro.Out, Does.Contain("FOUND: not-linearizable:obj_refcount at iteration").And.Contain($"({NativeStrategy.Prefix}pct:3, seed"));
        Assert.That(repro.Out, Does.Contain("SUMMARY: reproduced 20/20 (100 %) by replaying the schedule"), repro.Out);
        var schedule = ScheduleFile.Read(Path.ChangeExtension(program, ".schedule.json"));
        Assert.That(schedule.Strategy, Is.EqualTo(NativeStrategy.Prefix + "pct:3"));
        Assert.That(NativeTrace.FromText(schedule.Trace)[0], Is.EqualTo((byte)'S'), "the runtime's trace format");

        // The stored schedule alone replays it, in fresh processes.
        var again = StampedeProcess.Run(temp, "repro", "--harness", harness, "--mode", "systematic", "--runs", "3", program);
        Assert.That(again.Out, Does.Contain("replaying").And.Contain("SUMMARY: reproduced 3/3"), again.Out + again.Error);
    }

    [Test]
    public void A_lock_order_inversion_is_a_deadlock_with_every_thread_blocked_and_replays_as_one()
    {
        string harness = ScheduleHarness("svcconf"), program = Path.Combine(root, "lock-order.txt");
        File.WriteAllText(program, LockOrder);
        var repro = StampedeProcess.Run(temp, "repro", "--harness", harness, "--mode", "systematic", "--iterations", "500", "--seed", "1",
            "--runs", "20", "--hang", "30s", program);
        Assert.That(repro.ExitCode, Is.EqualTo(1), repro.Out + repro.Error);
        Assert.That(repro.Out, Does.Contain("FOUND: deadlock:ledger_balance∥ledger_post at iteration"), repro.Out + repro.Error);
        Assert.That(repro.Out, Does.Contain("SUMMARY: reproduced 20/20 (100 %) by replaying the schedule"), repro.Out);
    }

    // A crash kills the worker before it can answer; the trace it left beside its call board is the schedule, and
    // replaying it (the running thread going on after the last switch) crashes the same way in other workers.
    [Test]
    public void A_crash_keeps_the_trace_its_worker_left_and_replays_20_of_20()
    {
        string harness = ScheduleHarness("svcconf"), program = Path.Combine(root, "import.txt");
        File.WriteAllText(program, "# stampede program v1\nlibrary libsvcconf.so\n" +
            "thread 0:\n  conf_set(\"k\", \"v\")\n  conf_import(\"# a comment with no newline\")\nthread 1:\n  conf_set(\"a\", \"b\")\n");
        var repro = StampedeProcess.Run(temp, "repro", "--harness", harness, "--mode", "systematic", "--iterations", "50", "--seed", "1", program);
        Assert.That(repro.ExitCode, Is.EqualTo(1), repro.Out + repro.Error);
        // Signed where it faulted: in the schedule build (-O1) a libc function conf_import calls.
        Assert.That(repro.Out, Does.Match(@"FOUND: crash:SIGSEGV:(calls )?conf_import at iteration 0 \(native-pct:3"), repro.Out + repro.Error);
        Assert.That(repro.Out, Does.Contain("SUMMARY: reproduced 20/20 (100 %) by replaying the schedule"), repro.Out);
        Assert.That(ScheduleFile.Read(Path.ChangeExtension(program, ".schedule.json")).Strategy, Does.StartWith(NativeStrategy.Prefix));
    }

    // The race itself: two threads drop the last two references of one object; the late one reads (and writes) the
    // count of an object the other already freed, or frees it a second time. The runtime's heap guard reports the first
    // late access itself, so the search's crash and every replay's are one signature, whatever the heap's layout.
    [Test]
    public void A_use_after_free_inside_the_calls_is_found_and_every_replay_of_its_trace_crashes_alike()
    {
        string harness = ScheduleHarness("objcache"), program = Path.Combine(root, "double-free.txt");
        File.WriteAllText(program, "# stampede program v1\nlibrary libobjcache.so\nsetup:\n  r0 = obj_new(\"o\")\n  r1 = obj_retain(r0)\n" +
            "thread 0:\n  obj_release(r0)\nthread 1:\n  obj_release(r1)\n");
        var repro = StampedeProcess.Run(temp, "repro", "--harness", harness, "--mode", "systematic", "--iterations", "2000", "--seed", "1",
            "--runs", "5", program); // a crash costs a worker each; the benchmark's schedule part replays it 20 times
        Assert.That(repro.ExitCode, Is.EqualTo(1), repro.Out + repro.Error);
        Assert.That(repro.Out, Does.Contain("FOUND: crash:heap-use-after-free:obj_release at iteration 4 (native-pct:3"), repro.Out + repro.Error);
        Assert.That(repro.Out, Does.Contain("SUMMARY: reproduced 5/5 (100 %) by replaying the schedule"), repro.Out);
    }

    // Minimization under schedules: each candidate is asked "does a search from seed 1 still find it?", which answers
    // the same every time, so bystander calls go and the race stays, down to one release per thread.
    [Test]
    public void Minimization_under_schedules_keeps_the_race_and_drops_the_bystanders()
    {
        string harness = ScheduleHarness("objcache"), program = Path.Combine(root, "bystanders.txt");
        File.WriteAllText(program, "# stampede program v1\nlibrary libobjcache.so\nsetup:\n  r0 = obj_new(\"o\")\n  r1 = obj_retain(r0)\n" +
            "thread 0:\n  sym_count()\n  obj_release(r0)\n  sym_count()\nthread 1:\n  sym_intern(\"k\")\n  obj_release(r1)\n  reg_count()\n");
        var minimize = StampedeProcess.Run(temp, "minimize", "--harness", harness, "--mode", "systematic", "--iterations", "100", "--seed", "1", program);
        Assert.That(minimize.ExitCode, Is.EqualTo(1), minimize.Out + minimize.Error);
        Assert.That(minimize.Out, Does.Contain("MINIMIZED: crash:heap-use-after-free:obj_release:"), minimize.Out);
        Assert.That(minimize.Out, Does.EndWith("thread 0:\n  obj_release(r0)\nthread 1:\n  obj_release(r1)\n"), minimize.Out);
    }

    // The samples' own harnesses, which call the plain build, are turned to the schedule build beside it by the option.
    [Test]
    public void Schedule_build_option_runs_a_harness_on_its_librarys_schedule_build()
    {
        string corpus = Path.Combine(root, "corpus");
        string seeds = Directory.CreateDirectory(Path.Combine(corpus, "svcconf", CorpusLayout.Seeds)).FullName;
        File.WriteAllText(Path.Combine(seeds, "lock-order.txt"), LockOrder);
        var fuzz = StampedeProcess.Run(temp, "fuzz", "--harness", Path.Combine(RepoPaths.Root, "harnesses", "svcconf"), "--corpus", corpus,
            "--mode", "systematic", "--schedule-build", "--duration", "30s", "--programs", "1", "--seed", "1", "--no-triage", "--no-minimize");
        Assert.That(fuzz.ExitCode, Is.EqualTo(1), fuzz.Out + fuzz.Error);
        string finding = Directory.GetDirectories(Path.Combine(corpus, "svcconf", CorpusLayout.Findings))
            .Single(d => File.Exists(Path.Combine(d, CorpusLayout.ScheduleFile)) && File.ReadAllText(Path.Combine(d, CorpusLayout.ProgramFile)).Contains("ledger_post"));
        Assert.That(ScheduleFile.Read(Path.Combine(finding, CorpusLayout.ScheduleFile)).Strategy, Is.EqualTo(NativeStrategy.Prefix + "pct:3"));

        var repro = StampedeProcess.Run(temp, "repro", "--harness", Path.Combine(RepoPaths.Root, "harnesses", "svcconf"), "--mode", "systematic",
            "--schedule-build", "--runs", "5", finding);
        Assert.That(repro.Out, Does.Contain("SUMMARY: reproduced 5/5"), repro.Out + repro.Error);
    }

    [TestCase("--mode", "stress", "--schedule-build applies to --mode systematic")]
    [TestCase("--sanitizer", "thread", "--schedule-build cannot be combined with --sanitizer")]
    public void Schedule_build_option_misused_is_one_error_line_and_exit_2(string option, string value, string message)
    {
        string[] args = option == "--mode"
            ? ["fuzz", "--harness", Path.Combine(RepoPaths.Root, "harnesses", "svcconf"), "--schedule-build", option, value]
            : ["fuzz", "--harness", Path.Combine(RepoPaths.Root, "harnesses", "svcconf"), "--schedule-build", "--mode", "systematic", option, value];
        var r = StampedeProcess.Run(temp, args);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.StartWith("error: ").And.Contain(message).And.Not.Contain("\n"));
    }

    [Test]
    public void A_campaign_stores_the_native_schedule_with_its_finding()
    {
        string harness = ScheduleHarness("objcache"), corpus = Path.Combine(root, "corpus");
        string seeds = Directory.CreateDirectory(Path.Combine(corpus, "objcache", CorpusLayout.Seeds)).FullName;
        File.WriteAllText(Path.Combine(seeds, "lost-retain.txt"), LostRetain);
        var fuzz = StampedeProcess.Run(temp, "fuzz", "--harness", harness, "--corpus", corpus, "--mode", "systematic", "--strategy", "pct",
            "--duration", "30s", "--programs", "1", "--seed", "1", "--no-triage", "--no-minimize");
        Assert.That(fuzz.ExitCode, Is.EqualTo(1), fuzz.Out + fuzz.Error);
        var found = Directory.GetDirectories(Path.Combine(corpus, "objcache", CorpusLayout.Findings))
            .Where(d => File.ReadAllText(Path.Combine(d, CorpusLayout.ProgramFile)).Contains("obj_refcount"))
            .Select(d => Path.Combine(d, CorpusLayout.ScheduleFile)).Where(File.Exists).ToArray();
        Assert.That(found, Is.Not.Empty, fuzz.Out + fuzz.Error);
        Assert.That(ScheduleFile.Read(found[0]).Strategy, Does.StartWith(NativeStrategy.Prefix));
    }
}
