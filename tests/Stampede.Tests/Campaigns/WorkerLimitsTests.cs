using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Model;
using Stampede.Model.Programs;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// The limits a worker runs under, on real workers: resident memory past <c>--rss-limit-mb</c> is an <c>oom</c> finding
/// with its program, signed by the calls in flight, and <c>--hang</c> sets how long a repetition may take. The memory
/// comes from the objcache sample's <c>reg_add</c>, which copies its name into a registry that is never freed: every
/// repetition reloads the library and leaks the copy, as a library that leaks per call does under libFuzzer.
/// </summary>
[TestFixture]
public class WorkerLimitsTests
{
    const int LimitMb = 200;

    /// <summary>reg_add of a 4 MB name: 4 MB more resident per repetition (and per reference run of the oracles).</summary>
    static readonly string Leaking =
        $"# stampede program v1\nlibrary libobjcache.so\nthread 0:\n  reg_add(\"{new string('m', 4 << 20)}\")\n";

    static Harness Objcache => Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", "objcache"));

    static WorkerLaunch Launch(int rssLimitMb) => WorkerLaunch.CliIn(AppContext.BaseDirectory) with { RssLimitMb = rssLimitMb };

    [Test]
    public void A_worker_past_its_memory_limit_is_an_oom_finding_with_its_program_signed_by_the_calls_in_flight()
    {
        var harness = Objcache;
        using var reproducer = new Reproducer(harness, Launch(LimitMb), TimeSpan.FromSeconds(3));

        var finding = reproducer.RunOnce(ProgramText.Parse(Leaking, harness.Model), repetitions: 150);

        Assert.That(finding, Is.Not.Null, "150 repetitions leak 600 MB: the limit must stop them");
        Assert.That(finding!.Kind, Is.EqualTo(FindingKind.OutOfMemory));
        Assert.That(finding.Signature, Is.AnyOf("oom:reg_add", "oom:(between calls)"));
        Assert.That(finding.Program, Is.EqualTo(Leaking), "the program is kept as it ran");
        Assert.That(finding.Memory!.ResidentMb, Is.GreaterThan(LimitMb));
        Assert.That(finding.Memory.Threads.Single().Thread, Is.EqualTo(0), "the call board says where the thread was");
        Assert.That(finding.Summary, Does.Contain($"over its limit of {LimitMb} MB"));

        // It goes to the corpus like a crash: program, kind, signature, timeline from the call board.
        var recorded = FindingConversion.ToFinding(finding, harness.LibraryFileName, "stampede repro");
        Assert.That((recorded.Kind, recorded.Program, recorded.Timeline.Single().Calls.Single().Function),
            Is.EqualTo((FindingKind.OutOfMemory, Leaking, "reg_add")));
    }

    [Test]
    public void No_limit_lets_the_same_program_run_past_it()
    {
        var harness = Objcache;
        using var reproducer = new Reproducer(harness, Launch(0), TimeSpan.FromSeconds(3));

        // 40 repetitions and their reference runs leak well past 200 MB.
        var finding = reproducer.RunOnce(ProgramText.Parse(Leaking, harness.Model), repetitions: 40);

        Assert.That(finding?.Kind, Is.Not.EqualTo(FindingKind.OutOfMemory));
    }

    [Test]
    public void Repro_with_a_memory_limit_reports_the_oom_and_exits_1()
    {
        string temp = Directory.CreateTempSubdirectory("stampede-limits-").FullName;
        try
        {
            string program = Path.Combine(temp, "leak.txt");
            File.WriteAllText(program, Leaking);

            var r = CliProcess.Run(temp, "repro", "--harness", Objcache.Directory, "--runs", "1", "--repetitions", "150", "--no-triage",
                "--rss-limit-mb", LimitMb.ToString(), program);

            Assert.That(r.ExitCode, Is.EqualTo(1), r.Out + r.Error);
            Assert.That(r.Out, Does.Contain("run 1: oom:"));
            Assert.That(r.Out, Does.Contain($"oom: the worker's resident memory reached"));
        }
        finally { Directory.Delete(temp, recursive: true); }
    }

    [Test]
    public void The_hang_limit_is_an_option_of_repro()
    {
        // libc's usleep: a call that takes 0.7 s, a hang under --hang 0.3s (the default, 3 s, lets it finish).
        string temp = Directory.CreateTempSubdirectory("stampede-limits-").FullName;
        try
        {
            string program = Path.Combine(temp, "sleep.txt");
            File.WriteAllText(program, "# stampede program v1\nlibrary libc.so.6\nthread 0:\n  usleep(700000)\n");

            var r = CliProcess.Run(temp, "repro", "--harness", LibcHarness.Open().Directory, "--runs", "1", "--repetitions", "1", "--no-triage", "--hang", "0.3s", program);

            Assert.That(r.ExitCode, Is.EqualTo(1), r.Out + r.Error);
            // Signed by where the thread was when the board was read, after gdb: in usleep still, or past it.
            Assert.That(r.Out, Does.Contain("run 1: hang:"));
        }
        finally { Directory.Delete(temp, recursive: true); }
    }

    [TestCase("fuzz", "--rss-limit-mb", "-1", "error: --rss-limit-mb -1 is invalid")]
    [TestCase("fuzz", "--hang", "0s", "error: --hang '0s' is invalid")]
    [TestCase("minimize", "--hang", "2x", "error: --hang '2x' is invalid")]
    public void A_bad_limit_is_one_error_line_and_exit_2(string command, string option, string value, string error)
    {
        string[] target = command == "fuzz" ? [] : ["program.txt"];
        var r = CliProcess.Run(null, [command, "--harness", Objcache.Directory, option, value, .. target]);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error, Does.StartWith(error));
        Assert.That(r.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }
}
