using Stampede.Campaigns.Supervision;
using Stampede.Harnesses;
using Stampede.Tests.Bindgen;
using Stampede.Worker;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// Files a library creates from a program's strings stay in the worker's own scratch directory: real worker
/// processes calling libc's <c>creat</c> and zlib's <c>gzopen</c> through harnesses made by <c>stampede new</c> from the
/// test's header (and zlib's own), with a relative name, an absolute path and one that climbs out with <c>..</c>.
/// Nothing may appear in the caller's working directory or outside the scratch directory, and the worker's working
/// directory goes with the worker.
/// </summary>
[TestFixture]
public class WorkerSandboxTests
{
    string temp = "";
    readonly List<string> strays = [];

    [SetUp]
    public void CreateTemp() => temp = Directory.CreateTempSubdirectory("stampede-sandbox-").FullName;

    [TearDown]
    public void Clean()
    {
        // Where the files went before workers had a directory of their own: removed, so a failure leaves no litter.
        foreach (string stray in strays) File.Delete(stray);
        strays.Clear();
        Directory.Delete(temp, recursive: true);
    }

    /// <summary>zlib's harness, made by <c>stampede new</c> from its header as the README shows.</summary>
    Harness Zlib()
    {
        string dir = Path.Combine(temp, "zlib");
        var made = CliProcess.Run(temp, "new", "--header", "/usr/include/zlib.h", "--lib", "z", "--out", dir);
        Assert.That(made.ExitCode, Is.EqualTo(0), made.Error);
        return Harness.Open(dir);
    }

    /// <summary>Runs <paramref name="calls"/> (one thread) in a worker whose scratch directory is returned; checks the
    /// files while the worker is alive, then that its working directory went with it.</summary>
    void RunInWorker(Harness harness, string calls, Action<string> whileAlive)
    {
        string scratch = Path.Combine(temp, "scratch");
        string work = Path.Combine(scratch, WorkerProcess.WorkDirectoryName);
        var symbolizer = new Symbolizer(new Dictionary<string, string>());
        using (var worker = WorkerProcess.Start(WorkerLaunch.CliIn(AppContext.BaseDirectory), harness, scratch, symbolizer, TimeSpan.FromSeconds(120)))
        {
            Assert.That(worker.Hello.Ready, Is.True, worker.Hello.Error);
            string text = $"# stampede program v1\nlibrary {harness.Library}\nthread 0:\n{calls}";
            var result = worker.Run(WorkerRequest.ForStress(1, text, 2, 0, 1, 5, 30), 1, TimeSpan.FromSeconds(30));
            // Results (file descriptors) may differ between runs, which an oracle may call a failure: only a run counts.
            Assert.That(result, Is.TypeOf<ProgramResult.Clean>().Or.TypeOf<ProgramResult.OracleFailed>(), $"{result}");
            whileAlive(work);
        }
        Assert.That(Directory.Exists(work), Is.False, "the worker's working directory is removed with it");
    }

    /// <summary>The three names a program passes, and where each would have gone from the caller's directory.</summary>
    (string Relative, string Absolute, string Climbing) Names()
    {
        string id = Guid.NewGuid().ToString("N")[..8];
        string outside = Directory.CreateDirectory(Path.Combine(temp, "outside")).FullName;
        var names = ($"made-{id}", Path.Combine(outside, $"absolute-{id}"), $"../climbed-{id}");
        strays.AddRange([Path.Combine(Environment.CurrentDirectory, names.Item1), names.Item2,
            Path.GetFullPath(Path.Combine(Environment.CurrentDirectory, names.Item3))]);
        return names;
    }

    void AssertConfined(string work, (string Relative, string Absolute, string Climbing) names)
    {
        Assert.That(File.Exists(Path.Combine(work, names.Relative)), Is.True, "a relative name lands in the worker's directory");
        Assert.That(File.Exists(Path.Combine(work, ConfinedPaths.Confine(names.Absolute))), Is.True, "an absolute path is made one name in it");
        Assert.That(File.Exists(Path.Combine(work, ConfinedPaths.Confine(names.Climbing))), Is.True, "so is a path that climbs out");
        Assert.That(strays.Where(File.Exists), Is.Empty, "nothing in the caller's directory, its parent, or at the absolute path");
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(work)!, "*-*"), Is.Empty, "nothing beside the worker's directory");
    }

    [TestCase("t1kk", "t1kk")]
    [TestCase("<fd:-2147483648>", "<fd:-2147483648>")]
    [TestCase("dir/file", "dir/file")]
    [TestCase("a..b", "a..b")]
    [TestCase("/etc/passwd", "_etc_passwd")]
    [TestCase("../up", ".._up")]
    [TestCase("a/../../up", "a_.._.._up")]
    [TestCase("..", "__")]
    [TestCase("/", "_")]
    [TestCase("x\0/..", "x\0/..")] // C reads "x"
    public void A_path_that_leaves_the_working_directory_becomes_one_name_in_it_of_the_same_length(string path, string confined) =>
        Assert.That(ConfinedPaths.Confine(path), Is.EqualTo(confined));

    [TestCase("path", 0, true)]
    [TestCase("__filename", 1, true)]
    [TestCase("zDirName", 0, true)]
    [TestCase("arg1", 1, true)]
    [TestCase("mode", 1, false)]
    [TestCase("text", 0, false)]
    public void A_parameter_takes_a_path_when_its_name_says_so_or_the_header_gave_none(string name, int index, bool pathLike) =>
        Assert.That(ConfinedPaths.IsPathLike(name, index), Is.EqualTo(pathLike));

    [Test]
    public void Files_libc_creates_from_generated_names_land_in_the_worker_scratch_directory_only()
    {
        var names = Names();

        RunInWorker(LibcHarness.Open(), $"  creat(\"{names.Relative}\", 420)\n  creat(\"{names.Absolute}\", 420)\n  creat(\"{names.Climbing}\", 420)\n",
            work => AssertConfined(work, names));
    }

    [Test]
    public void Files_zlib_gzopen_creates_land_in_the_worker_scratch_directory_only()
    {
        // zlib.h leaves gzopen's parameters unnamed: such a string may be a path too.
        var harness = Zlib();
        var names = Names();
        string Open(string path, int handle) => $"  r{handle} = gzopen(\"{path}\", \"wb\")\n  gzclose(r{handle})\n";

        RunInWorker(harness, Open(names.Relative, 0) + Open(names.Absolute, 1) + Open(names.Climbing, 2), work => AssertConfined(work, names));
    }

    [Test]
    public void A_repro_run_leaves_nothing_in_the_directory_it_was_started_from()
    {
        string caller = Directory.CreateDirectory(Path.Combine(temp, "caller")).FullName;
        string program = Path.Combine(temp, "program.txt");
        File.WriteAllText(program, $"# stampede program v1\nlibrary {LibcHarness.Open().Library}\nthread 0:\n  creat(\"t1kk\", 420)\n");

        var r = CliProcess.Run(caller, "repro", "--harness", LibcHarness.Open().Directory, "--runs", "1", "--repetitions", "2", "--no-triage", program);

        Assert.That(r.ExitCode, Is.AnyOf(0, 1), r.Out + r.Error);
        Assert.That(Directory.GetFileSystemEntries(caller), Is.Empty, r.Out + r.Error);
    }
}
