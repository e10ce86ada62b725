using System.Globalization;
using NUnit.Framework;

namespace Stampede.NUnit;

/// <summary>What a corpus case replays: a finding's directory, or a regression program (a file of <c>seeds/</c>).</summary>
public enum CorpusCaseKind { Finding, Program }

/// <summary>
/// One case of a corpus (<see cref="StampedeCorpus.Cases"/>): replays it with <c>stampede repro</c>, which passes when it
/// no longer fails. A finding that has a Coyote schedule (<c>schedule.json</c>) is replayed on that schedule, the same
/// interleaving every time; any other is run again under stress, <see cref="ReplaySettings.Runs"/> times.
/// </summary>
public sealed record CorpusCase(string Name, string Path, string Harness, CorpusCaseKind Kind, ReplaySettings Settings)
{
    public const string ScheduleFile = "schedule.json";

    /// <summary>Whether it replays on a recorded schedule (deterministic) rather than under stress.</summary>
    public bool HasSchedule => Kind == CorpusCaseKind.Finding && File.Exists(System.IO.Path.Combine(Path, ScheduleFile));

    /// <summary>The command that replays it, for a person at a shell.</summary>
    public string ReproduceCommand =>
        $"stampede repro {Quote(Path)} --harness {Quote(Harness)}" + (HasSchedule ? " --mode systematic" : "");

    /// <summary>Passes when the case no longer fails; fails with what came back and how to run it again.</summary>
    public void AssertFixed()
    {
        // repro records its triage in a finding's directory: replay a copy, so a test run leaves the corpus as committed.
        string target = Kind == CorpusCaseKind.Finding ? Copy(Path, System.IO.Path.Combine(StampedeAssert.RunDirectory(Harness), Name)) : Path;
        var arguments = new List<string> { "repro", target, "--harness", Harness, "--no-triage" };
        if (HasSchedule) arguments.AddRange(["--mode", "systematic"]);
        if (Settings.Runs is { } runs) arguments.AddRange(["--runs", runs.ToString(CultureInfo.InvariantCulture)]);
        if (Settings.Library is { } library) arguments.AddRange(["--library", library]);
        arguments.AddRange(Settings.Arguments ?? []);

        var result = StampedeCli.Run(TestPaths.TestDirectory, Settings.Timeout, [.. arguments]);
        switch (result.ExitCode)
        {
            case 0: return;
            case 1:
                var shown = result.Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0 && !l.StartsWith("run ", StringComparison.Ordinal));
                Assert.Fail($"{Name} still fails ({(HasSchedule ? "replayed on its schedule" : "under stress")}):\n  " +
                            string.Join("\n  ", shown) + $"\n  reproduce: {ReproduceCommand}");
                break;
            default: Assert.Fail($"stampede repro could not run {Name}: {result.LastLine}"); break;
        }
    }

    public override string ToString() => Name;

    static string Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string destination = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
        return to;
    }

    static string Quote(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? $"'{path.Replace("'", "'\\''")}'" : path;
}
