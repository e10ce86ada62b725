namespace Stampede.Benchmarks.Engine;

/// <summary>
/// Options of the engine benchmark (<c>scripts/bench</c> documents them). The full run takes 5 seeds, a 60 s cap per
/// campaign and 75 s of negative controls per library (5 minutes over the four); <c>--quick</c> takes 2 seeds, 15 s
/// caps and 15 s of controls.
/// </summary>
public sealed record BenchOptions(
    string Repo, string CliDirectory, bool Quick, int Seeds, TimeSpan Cap, TimeSpan ControlBudget, TimeSpan OverheadMeasurement,
    IReadOnlyList<string> Libraries, IReadOnlySet<string> Parts, string? Output)
{
    public static readonly string[] AllParts = ["overhead", "restart", "detect", "naive", "controls", "sanitizer", "first-report", "systematic", "coverage", "schedule", "contracts", "locks", "scale"];

    /// <summary>Seeds per arm of the coverage part: 3 (quick: 1), or --seeds.</summary>
    public int CoverageSeeds { get; init; } = 3;

    /// <summary>Budget of each coverage-part campaign: 90 s (quick: 45 s), or --cap.</summary>
    public TimeSpan CoverageBudget { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Length of each measurement of the locks part: 1 s (quick: 0.3 s).</summary>
    public TimeSpan LockMeasurement { get; init; } = TimeSpan.FromSeconds(1);

    public static BenchOptions Parse(string[] args)
    {
        bool quick = args.Contains("--quick");
        string? repo = null, cli = null, output = "docs/benchmarks.md";
        int? seeds = null;
        double? cap = null, controls = null;
        IReadOnlyList<string>? libraries = null;
        IReadOnlySet<string> parts = AllParts.ToHashSet();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick": break;
                case "--repo": repo = Value(); break;
                case "--cli": cli = Value(); break;
                case "--seeds": seeds = int.Parse(Value()); break;
                case "--cap": cap = double.Parse(Value()); break;
                case "--controls": controls = double.Parse(Value()); break;
                case "--libraries": libraries = Value().Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--only":
                    parts = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
                    if (parts.Except(AllParts).FirstOrDefault() is { } unknown) throw new ArgumentException($"--only: unknown part {unknown}");
                    break;
                case "--out": output = Value(); break;
                case "--no-write": output = null; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        repo = Path.GetFullPath(repo ?? FindRepo());
        return new BenchOptions(
            repo,
            Path.GetFullPath(cli ?? Path.Combine(repo, "build/cli")),
            quick,
            seeds ?? (quick ? 2 : 5),
            TimeSpan.FromSeconds(cap ?? (quick ? 15 : 60)),
            TimeSpan.FromSeconds(controls ?? (quick ? 15 : 75)),
            TimeSpan.FromSeconds(quick ? 1 : 3),
            libraries ?? [],
            parts,
            output is null ? null : Path.GetFullPath(Path.Combine(repo, output)))
        {
            CoverageSeeds = seeds ?? (quick ? 1 : 3),
            CoverageBudget = TimeSpan.FromSeconds(cap ?? (quick ? 45 : 120)),
            LockMeasurement = TimeSpan.FromSeconds(quick ? 0.3 : 1),
        };
    }

    static string FindRepo()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fuzz.sln"))) return dir.FullName;
        throw new ArgumentException("not inside the repository (no Fuzz.sln above the current directory); pass --repo");
    }
}
