using Stampede.Execution.Instances;
using Stampede.Tests.Bindgen;
using Stampede.Tests.Cli;
using Stampede.Tests.Samples;

namespace Stampede.Tests.Systematic;

/// <summary>
/// A worker whose library is a schedule build loads the scheduling runtime into the global scope first (beside the
/// library), and says so in one line when it is missing, instead of dying of a symbol lookup error. The svcconf
/// harness is copied with the schedule build of its library in the place of the plain one, as a user's own library
/// built with <c>stampede cflags --variant schedule</c> would be.
/// </summary>
[TestFixture]
public class ScheduleBuildLoadTests
{
    // Thread-safe calls only: a clean run needs the worker to have loaded the library and called it.
    const string Clean = """
        # stampede program v1
        library libsvcconf.so
        thread 0:
          stats_add(7)
          stats_total()
        thread 1:
          settings_put("a", "1")
          stats_add(2)

        """;

    string root = "", temp = "", harness = "", libraryDirectory = "";

    [SetUp]
    public void CopyHarness()
    {
        root = Directory.CreateTempSubdirectory("stampede-schedule-load-").FullName;
        temp = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
        harness = Path.Combine(root, "harnesses", "svcconf");
        DirectoryCopy.Of(Path.Combine(RepoPaths.Root, "harnesses", "svcconf"), harness);
        // The bindings find the library at ../../build/native/plain/lib/ from the harness: inside root here.
        libraryDirectory = Directory.CreateDirectory(Path.Combine(root, "build", "native", "plain", "lib")).FullName;
        File.Copy(RepoPaths.SampleLibrary("svcconf", "schedule"), Path.Combine(libraryDirectory, "libsvcconf.so"));
        File.WriteAllText(Path.Combine(root, "clean.txt"), Clean);
    }

    [TearDown]
    public void Delete() => Directory.Delete(root, recursive: true);

    CliProcess.Result Repro() => StampedeProcess.Run(temp, "repro", "--harness", harness, "--runs", "2", "--repetitions", "50",
        "--no-triage", Path.Combine(root, "clean.txt"));

    [Test]
    public void A_schedule_build_runs_in_workers_with_its_runtime_beside_it()
    {
        File.Copy(Path.Combine(RepoPaths.NativeLibDir("schedule"), ScheduleRuntime.FileName), Path.Combine(libraryDirectory, ScheduleRuntime.FileName));
        var r = Repro();
        Assert.That(r.ExitCode, Is.Zero, r.Out + r.Error);
        Assert.That(r.Out, Does.Contain("run 1: clean").And.Contain("run 2: clean"), r.Out + r.Error);
    }

    [Test]
    public void A_schedule_build_without_its_runtime_is_one_error_line_naming_it()
    {
        var r = Repro();
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.Trim(), Does.StartWith("error: ").And.Contain(ScheduleRuntime.FileName).And.Contain("scripts/build-native schedule")
            .And.Not.Contain("\n"), r.Error);
        Assert.That(r.Error, Does.Not.Contain("symbol lookup error"));
    }

    [Test]
    public void Schedule_builds_are_told_from_the_others_by_what_they_import()
    {
        foreach (var sample in SampleLibraries.Names)
        {
            Assert.That(ScheduleRuntime.IsNeededBy(RepoPaths.SampleLibrary(sample, "schedule")), Is.True, sample);
            Assert.That(ScheduleRuntime.IsNeededBy(RepoPaths.SampleLibrary(sample, "plain")), Is.False, sample);
            Assert.That(ScheduleRuntime.IsNeededBy(RepoPaths.SampleLibrary(sample, "coverage")), Is.False, sample);
        }
        Assert.That(ScheduleRuntime.IsNeededBy(Path.Combine(RepoPaths.NativeLibDir("schedule"), ScheduleRuntime.FileName)), Is.False, "the runtime itself");
    }
}
