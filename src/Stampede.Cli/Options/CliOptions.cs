using System.CommandLine;
using System.CommandLine.Parsing;
using Stampede.Campaigns;
using Stampede.Campaigns.Engines;
using Stampede.Campaigns.Supervision;
using Stampede.Execution.Coverage;
using Stampede.Execution.Systematic;

namespace Stampede.Cli.Options;

/// <summary>
/// Every option more than one command takes, declared once with its parser, validator and help (libFuzzer's one flag
/// table): a command asks for a fresh instance, giving only what differs between commands (its default, its wording).
/// A value that fails validation is reported by <c>Program</c> as one <c>error:</c> line, exit code 2.
/// </summary>
internal static class CliOptions
{
    public static Option<string> Harness() => new("--harness") { Required = true, Description = "harness directory (made by stampede new)" };

    public static Option<string?> Corpus(string description) => new("--corpus") { Description = description };

    public static Option<int> Seed(string description) => Count("--seed", 1, description, min: int.MinValue);

    /// <summary>A whole number from <paramref name="min"/> (1 unless said) to <paramref name="max"/>; anything else, a
    /// number too large for it included, is one line naming the option and the range: "--jobs 0 is invalid: a whole
    /// number from 1 to 64".</summary>
    public static Option<int> Count(string name, int defaultValue, string description, int min = 1, int max = int.MaxValue) => new(name)
    {
        DefaultValueFactory = _ => defaultValue,
        Description = description,
        CustomParser = result => (int)(WholeNumber(result, name, min, max) ?? defaultValue),
    };

    /// <summary>As <see cref="Count"/>, for a count whose default depends on other options (null when not given).</summary>
    public static Option<int?> OptionalCount(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => (int?)WholeNumber(result, name, 1, int.MaxValue),
    };

    /// <summary>The option's value when it is a whole number within the range; otherwise an error on the result, and null.</summary>
    static long? WholeNumber(ArgumentResult result, string name, long min, long max)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        string range = $"a whole number from {min} to {max}";
        if (!long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long value))
            result.AddError($"{name} '{text}' is invalid: {range}");
        else if (value < min || value > max) result.AddError($"{name} {value} is invalid: {range}");
        else return value;
        return null;
    }

    public static Option<int> Threads(string description) => Count("--threads", CampaignOptions.DefaultThreads, description, min: 2, max: 64);

    public static Option<int> Repetitions(int defaultValue, string description) => Count("--repetitions", defaultValue, description);

    /// <summary>A duration as people write it: 90s, 10m, 8h, 1h30m (<see cref="Durations"/>).</summary>
    public static Option<TimeSpan> Duration(string name, TimeSpan defaultValue, string description) => new(name)
    {
        DefaultValueFactory = _ => defaultValue,
        Description = $"{description} (default {Durations.Format(defaultValue)})",
        CustomParser = result => DurationOf(result, name) ?? defaultValue,
    };

    /// <summary>As <see cref="Duration"/>, for a duration whose default depends on other options (null when not given).</summary>
    public static Option<TimeSpan?> OptionalDuration(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => DurationOf(result, name),
    };

    /// <summary>The option's value when it is a duration within <see cref="Durations.Range"/>; otherwise an error on the
    /// result, and null.</summary>
    static TimeSpan? DurationOf(ArgumentResult result, string name)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (Durations.TryParse(text) is { } parsed) return parsed;
        result.AddError($"{name} '{text}' is invalid: {Durations.Range}");
        return null;
    }

    public static Option<Sanitizer?> Sanitizer() => Choice<Sanitizer?>("--sanitizer",
        [null, .. Campaigns.Supervision.Sanitizer.All], s => s?.Name ?? Campaigns.Supervision.Sanitizer.None, null,
        "none, thread (ThreadSanitizer) or address (AddressSanitizer + UBSan): workers load the library's sanitizer build");

    /// <summary><c>--variant plain|thread|address|coverage|schedule</c>: a build of a library (its preset's name).</summary>
    public static Option<Harnesses.BuildVariant> Variant(string description)
    {
        var option = Choice("--variant", Enum.GetValues<Harnesses.BuildVariant>(), Harnesses.NativeVariant.Preset, Harnesses.BuildVariant.Plain, description);
        option.Required = true;
        option.DefaultValueFactory = null; // required: no default stands in for it
        return option;
    }

    /// <summary><c>--mode stress|systematic</c>.</summary>
    public static Option<ModeChoice> Mode(string description) =>
        Choice("--mode", Enum.GetValues<ModeChoice>(), mode => mode.ToString().ToLowerInvariant(), ModeChoice.Stress, description);

    public static Option<string> Strategy(string description) =>
        Choice("--strategy", SystematicStrategy.Names, name => name, SystematicStrategy.Portfolio, description);

    public static Option<EngineKind> Engine() => Choice("--engine", Enum.GetValues<EngineKind>(), CampaignEngines.Name, EngineKind.Random,
        "random (generated programs) or afl (AFL++ over bytes decoded into programs, coverage-guided: docs/coverage-fuzzing.md)");

    public static Option<FeedbackSignals> Feedback(string description) => new("--feedback")
    {
        DefaultValueFactory = _ => FeedbackSignals.All,
        Description = description,
        CustomParser = result =>
        {
            try { return FeedbackSignalsText.Parse(result.Tokens.Count > 0 ? result.Tokens[^1].Value : ""); }
            catch (FormatException e)
            {
                result.AddError($"--feedback: {e.Message}");
                return default;
            }
        },
    };

    /// <summary><c>--fail-on thread-safety|misuse</c>: which findings fail a campaign (<see cref="Options.FailOn"/>).</summary>
    public static Option<FailOn> FailOn() => Choice(FailOnRule.Option, Enum.GetValues<FailOn>(), FailOnRule.Name, Options.FailOn.ThreadSafety,
        "which findings make the exit code 1: thread-safety (and those triage has not cleared) or misuse (findings that fail " +
        "on one thread as well)");

    /// <summary><c>--fail-when any|new|new-reproducible</c>: which findings may fail a run, against <c>--known</c>
    /// (<see cref="Options.FailWhen"/>).</summary>
    public static Option<FailWhen> FailWhen() => Choice(FailWhenRule.Option, Enum.GetValues<FailWhen>(), FailWhenRule.Name, Options.FailWhen.New,
        "which findings fail the run: any (known ones too), new (not in --known) or new-reproducible (new, and seen again by triage)");

    /// <summary><c>--known FILE</c>: a known-findings baseline, one root-cause key per line (<c>stampede show --keys</c> writes one).</summary>
    public static Option<string?> Known() => new("--known")
    {
        Description = "known findings, one key per line (stampede show --keys prints them): reported as still present, not failed on",
    };

    /// <summary><c>--library FILE</c>: another build of the harness's library (a candidate version) for the command's workers.</summary>
    public static Option<string?> Library() => new("--library")
    {
        Description = "run this build of the library instead of the one the harness's bindings name (another version of it)",
    };

    /// <summary>The harness of <c>--harness</c>, opened with <c>--library</c>'s file when one was given.</summary>
    public static Harnesses.Harness OpenHarness(ParseResult parse, Option<string> harness, Option<string?> library) =>
        Harnesses.Harness.Open(parse.GetValue(harness)!, parse.GetValue(library) is { } file ? Path.GetFullPath(file) : null);

    /// <summary><c>--out DIR</c>: the run's machine and human outputs (junit.xml, results.sarif, summary.json, report.html).</summary>
    public static Option<string?> Out() => new("--out")
    {
        Description = "write junit.xml, results.sarif, summary.json and report.html (and a campaign's stats.csv) into this directory",
    };

    /// <summary><c>--source-root DIR</c>: native source paths in SARIF become relative to it.</summary>
    public static Option<string?> SourceRoot() => new("--source-root")
    {
        Description = "with --out, native source paths in results.sarif are made relative to this directory (the repository's root)",
    };

    public static Option<string?> AflDirectory(string description) => new("--afl-dir") { Description = description };

    /// <summary>One of a closed set of values, each by its one name: the help and the error list the names.</summary>
    public static Option<T> Choice<T>(string name, IReadOnlyList<T> values, Func<T, string> nameOf, T defaultValue, string description)
    {
        var option = new Option<T>(name)
        {
            DefaultValueFactory = _ => defaultValue,
            Description = description,
            // The name given, or an error listing the names. A parser that returned null for an unknown name made
            // System.CommandLine cast its raw token (--sanitizer --feedback: InvalidCastException, found by the options
            // self-fuzz target), so the refusal is here rather than left to AcceptOnlyFromAmong alone.
            CustomParser = result =>
            {
                string given = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                foreach (var value in values)
                    if (nameOf(value) == given) return value;
                result.AddError($"'{given}' is not a valid value for {name}: one of {string.Join(", ", values.Select(nameOf))}");
                return defaultValue;
            },
        };
        option.AcceptOnlyFromAmong([.. values.Select(nameOf)]);
        return option;
    }

    /// <summary><c>--hang 3s</c>: how long one repetition (or systematic iteration) may take in a worker.</summary>
    public static Option<TimeSpan> Hang() =>
        Duration("--hang", Execution.Running.StressOptions.DefaultHang, "a repetition (or systematic iteration) that takes longer is a hang");

    /// <summary><c>--learn-budget 2m</c>: how long learning the harness's preconditions may take (docs/preconditions.md).</summary>
    public static Option<TimeSpan> LearnBudget() => Duration("--learn-budget", Campaigns.Learning.LearningOptions.DefaultBudget,
        "time to learn each function's argument preconditions from single-threaded calls: 90s, 5m");

    /// <summary><c>--rss-limit-mb N</c>, libFuzzer's <c>-rss_limit_mb</c>: a worker whose resident memory grows past it is
    /// killed, and that is an <c>oom</c> finding.</summary>
    public static Option<int> RssLimitMb() => Count("--rss-limit-mb", WorkerLaunch.DefaultRssLimitMb,
        "a worker whose resident memory grows past this many MB is killed: an oom finding (0: no limit)", min: 0);
}

/// <summary>What <c>--mode</c> chooses: how each program runs (<see cref="ProgramMode"/> holds the chosen mode's settings).</summary>
internal enum ModeChoice { Stress, Systematic }
