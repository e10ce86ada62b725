using System.Runtime.InteropServices;
using System.Text;
using Stampede.Execution.Running;
using Stampede.Harnesses;
using Stampede.Model.Programs;
using Stampede.Oracles.Checking;

namespace Stampede.Tests.Samples;

/// <summary>
/// The versions of textkit that stampede gate is tested with (native/samples/versions.json): built where the manifest
/// says, interchangeable under one harness, and each racing exactly where the manifest says among the groups a version
/// adds or fixes (the others are contracts.json's, checked on the default build elsewhere); a new group's race program
/// shows it through that harness.
/// </summary>
[TestFixture]
public class SampleVersionsTests
{
    static readonly VersionManifest Versions = VersionManifest.Load();
    static readonly ContractManifest Contracts = ContractManifest.Load();

    static IEnumerable<string> VersionNames() => Versions.Versions.Select(v => v.Name);

    [Test]
    public void Every_version_is_built_under_the_main_builds_name_and_soname_and_exports_exactly_its_symbols()
    {
        string main = RepoPaths.SampleLibrary(Versions.Library);
        Assert.That(VersionNames(), Is.EqualTo(new[] { "v1", "v2", "v3" }));
        foreach (var version in Versions.Versions)
        {
            string file = Versions.LibraryFile(version.Name);
            Assert.That(Path.GetFileName(file), Is.EqualTo(Path.GetFileName(main)), version.Name);
            Assert.That(NativeSymbols.Soname(file), Is.EqualTo(NativeSymbols.Soname(main)).And.Not.Null, version.Name);
            Assert.That(NativeSymbols.Exported(file), Is.EquivalentTo(NativeSymbols.Exported(main)), version.Name);
        }
    }

    /// <summary>Seconds a caller may pass: in range, at its ends, past them, and the values a memo might take for "none".</summary>
    static readonly long[] Seconds = [-1, 0, 59, 3661, 3723, -1, 59, 59, long.MinValue, long.MaxValue, uint.MaxValue, int.MaxValue, 0, 3661];

    /// <summary>The versions differ only under concurrency: from one thread, each formats every duration, into every
    /// buffer length, as the default build does, from a fresh load (a memo starts empty).</summary>
    [TestCaseSource(nameof(VersionNames))]
    public void Version_formats_durations_on_one_thread_as_the_default_build_does(string version) =>
        Assert.That(FormatAll(Versions.LibraryFile(version)), Is.EqualTo(FormatAll(RepoPaths.SampleLibrary(Versions.Library))));

    /// <summary>Every duration of <see cref="Seconds"/> through both formatters of a fresh copy of <paramref name="library"/>.</summary>
    static unsafe List<string> FormatAll(string library)
    {
        // A copy is a new file to the loader, so its state is new even when the build is loaded in this process already.
        string directory = Directory.CreateTempSubdirectory("stampede-versions-").FullName, copy = Path.Combine(directory, Path.GetFileName(library));
        File.Copy(library, copy);
        nint handle = NativeLibrary.Load(copy);
        try
        {
            var format = (delegate* unmanaged<long, byte*>)NativeLibrary.GetExport(handle, "tk_format_duration");
            var formatR = (delegate* unmanaged<long, byte*, nuint, int>)NativeLibrary.GetExport(handle, "tk_format_duration_r");
            var results = new List<string>();
            byte* buf = stackalloc byte[32];
            foreach (long seconds in Seconds)
            {
                results.Add($"tk_format_duration({seconds}) = {Utf8.Read((nint)format(seconds)) ?? "NULL"}");
                foreach (uint length in new uint[] { 32, 11, 10, 5, 1, 0 })
                {
                    new Span<byte>(buf, 32).Fill((byte)'#');
                    int status = formatR(seconds, buf, length);
                    results.Add($"tk_format_duration_r({seconds}, {length}) = {status} \"{Encoding.ASCII.GetString(buf, 32)}\"");
                }
            }
            return results;
        }
        finally
        {
            NativeLibrary.Free(handle);
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Manifest_starts_from_the_default_build_and_each_change_fits_its_predecessor()
    {
        Assert.That(Versions.SchemaVersion, Is.EqualTo(1));
        var library = Contracts.Libraries.Single(l => l.Name == Versions.Library);
        var first = Versions.Versions[0];
        Assert.That(first.Races, Is.EquivalentTo(Contracts.Groups.Where(g => g.Value.Library == library.Name).Select(g => g.Key)),
            "the first version is the default build, with every race contracts.json gives it");
        Assert.That(Versions.Versions.Select(v => v.Macro), Is.EqualTo(Enumerable.Range(1, Versions.Versions.Length)));
        Assert.That(Versions.Groups.Keys.Intersect(Contracts.Groups.Keys), Is.Empty, "a group defined here is one no default build has");

        for (int i = 1; i < Versions.Versions.Length; i++)
        {
            var version = Versions.Versions[i];
            var before = Versions.RacesOf(Versions.Versions[i - 1].Name);
            Assert.That(version.Races, Is.Null, $"{version.Name}: its races follow from its changes");
            Assert.That((version.Adds ?? []).Length + (version.Fixes ?? []).Length, Is.Positive, version.Name);
            foreach (var add in version.Adds ?? [])
            {
                Assert.That(before, Does.Not.Contain(add.Group), $"{version.Name} adds {add.Group}");
                Assert.That(Versions.Groups, Does.ContainKey(add.Group), $"{version.Name}: a new group is defined in versions.json");
                Assert.That(Versions.Groups[add.Group].Library, Is.EqualTo(library.Name));
                foreach (string f in add.Functions)
                    Assert.That(library.Functions[f].IsSafe, $"{add.Group}: {f} is thread-safe in the default build, so the race is new");
            }
            foreach (var fix in version.Fixes ?? [])
                Assert.That(before, Does.Contain(fix.Group), $"{version.Name} fixes {fix.Group}");
        }

        foreach (var change in Versions.Changes)
        {
            Assert.That(File.Exists(Versions.ProgramOf(change.Group)), Versions.ProgramOf(change.Group));
            if (Contracts.Groups.ContainsKey(change.Group))
                Assert.That(change.Functions, Is.EquivalentTo(library.Functions.Where(f => f.Value.Group == change.Group).Select(f => f.Key)),
                    $"{change.Group}: the functions contracts.json puts in it");
            Assert.That(Versions.Versions.SelectMany(v => (v.Adds ?? []).Concat(v.Fixes ?? [])).Where(c => c.Group == change.Group)
                .Select(c => string.Join(",", c.Functions)).Distinct().Count(), Is.EqualTo(1), $"{change.Group}: one set of functions");
        }
    }

    static IEnumerable<TestCaseData> VersionAndChangedGroup() =>
        from v in Versions.Versions
        from c in Versions.Changes
        select new TestCaseData(v.Name, c.Group).SetArgDisplayNames(v.Name, c.Group);

    /// <summary>Two durations whose texts are equally long, so only the text can tell one thread's result from the other's.</summary>
    static readonly (long Seconds, string Text)[] Durations = [(59, "0h 00m 59s"), (3661, "1h 01m 01s")];

    /// <summary>Calls per thread at most. The races showed within 300,000 here, under a load average of 30 on two cores;
    /// the race-free versions make all of them, in one to three seconds.</summary>
    const int Calls = 2_000_000;

    /// <summary>
    /// The ground truth itself, without Stampede: two threads call the group's function of the version directly, each
    /// with its own duration, until one gets a text that is not its own or both made <see cref="Calls"/> calls.
    /// </summary>
    [TestCaseSource(nameof(VersionAndChangedGroup))]
    public void Version_gives_a_thread_another_threads_text_exactly_when_the_manifest_says_it_has_the_race(string version, string group)
    {
        bool expected = Versions.RacesOf(version).Contains(group);
        var change = Versions.Changes.Single(c => c.Group == group);
        Assert.That(change.Functions, Has.Length.EqualTo(1), "one function per probe");
        nint library = NativeLibrary.Load(Versions.LibraryFile(version));
        nint function = NativeLibrary.GetExport(library, change.Functions[0]);

        int wrong = 0;
        string? seen = null;
        using var start = new Barrier(Durations.Length);
        var threads = Durations.Select(d => new Thread(() =>
        {
            byte[] own = Encoding.ASCII.GetBytes(d.Text);
            start.SignalAndWait();
            for (int i = 0; i < Calls && Volatile.Read(ref wrong) == 0; i++)
                if (Format(group, function, d.Seconds, own) is { } text && Interlocked.Exchange(ref wrong, 1) == 0)
                    seen = $"{d.Seconds} s formatted as \"{text}\" after {i} calls";
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();

        TestContext.Out.WriteLine($"{version} {group}: {seen ?? "every text its own"}");
        Assert.That(seen is not null, Is.EqualTo(expected), expected ? $"no wrong text in {Calls} calls per thread" : seen);
    }

    /// <summary>One call of the group's function for <paramref name="seconds"/>: null when it gave <paramref name="own"/>,
    /// else what it gave. tk_format_duration's static buffer is read right away, as a caller would; tk_format_duration_r
    /// returns the length, the same for both durations, so the text is what can be wrong. No allocation on the way,
    /// so that the threads spend their time in the library.</summary>
    static unsafe string? Format(string group, nint function, long seconds, byte[] own)
    {
        byte* buf = stackalloc byte[32];
        byte* text = group switch
        {
            "durbuf" => ((delegate* unmanaged<long, byte*>)function)(seconds),
            "durmemo" => ((delegate* unmanaged<long, byte*, nuint, int>)function)(seconds, buf, 32) == own.Length ? buf : null,
            _ => throw new AssertionException($"no probe for group {group}: add one here"),
        };
        if (text is null) return "an error status";
        var span = new ReadOnlySpan<byte>(text, own.Length);
        return span.SequenceEqual(own) && text[own.Length] == 0 ? null : Encoding.ASCII.GetString(span);
    }

    [TestCaseSource(nameof(VersionNames))]
    public void The_one_harness_loads_every_version(string version)
    {
        // Load checks that the file exports every function of the harness's model.
        var harness = Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", Versions.Library)).WithLibrary(Versions.LibraryFile(version));
        using var target = harness.Load();
        Assert.That(target.Model.Functions.Select(f => f.Name), Is.EquivalentTo(Contracts.Libraries.Single(l => l.Name == Versions.Library).Functions.Keys));
    }

    static IEnumerable<TestCaseData> NewGroupAndVersionWithIt() =>
        from v in Versions.Versions
        from g in Versions.Groups.Keys
        where Versions.RacesOf(v.Name).Contains(g)
        select new TestCaseData(v.Name, g).SetArgDisplayNames(v.Name, g);

    /// <summary>
    /// What gate will see: the race program of a group no default build has (native/samples/versions/GROUP.txt) run in
    /// stress mode through the library's one harness, pointed at a version with the race, fails under a signature
    /// naming the group's function, within a budget several times what it needed here under a load average of 30 on
    /// two cores (printed). That the other versions have no such race is for the direct calls above to show: under
    /// load a stress run meets a race inside one call too rarely for its silence over a few seconds to mean much.
    /// </summary>
    [TestCaseSource(nameof(NewGroupAndVersionWithIt))]
    public void Race_program_of_a_new_group_fails_through_the_one_harness_on_a_version_with_the_race(string version, string group)
    {
        var harness = Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", Versions.Library)).WithLibrary(Versions.LibraryFile(version));
        using var target = harness.Load();
        var program = new PreparedProgram(ProgramText.Parse(File.ReadAllText(Versions.ProgramOf(group)), target.Model), target.Model);
        using var checker = new ProgramChecker(target, program, harness.Invariants);

        Failure? failure = null;
        int ran = 0;
        new StressExecutor(target).Run(program, new StressOptions(20_000, Noise: 0.5, Seed: 7), outcome =>
        {
            ran++;
            if (outcome is RepetitionOutcome.Completed done) failure = checker.Check(done.History);
            else Assert.Fail($"unexpected {outcome}");
            return failure is null;
        });

        TestContext.Out.WriteLine($"{version} {group}: {ran} repetition(s): {failure?.Signature ?? "no failure"}");
        Assert.That(failure, Is.Not.Null, $"not found within {ran} repetitions");
        Assert.That(failure!.Signature.Split(':')[1].Split(','), Is.EquivalentTo(Versions.Changes.Single(c => c.Group == group).Functions),
            failure.Signature);
    }
}
