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

    public static Option<int> Seed(string description) => new("--seed") { DefaultValueFactory = _ => 1, Description = description };

    /// <summary>A count of at least 1 (at most <paramref name="max"/>): "--runs 0 is invalid: at least 1".</summary>
    public static Option<int> Count(string name, int defaultValue, string description, int min = 1, int max = int.MaxValue)
    {
        var option = new Option<int>(name) { DefaultValueFactory = _ => defaultValue, Description = description };
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
                result.AddError($"{name} {value} is invalid: {(max == int.MaxValue ? $"at least {min}" : $"{min} to {max}")}");
        });
        return option;
    }

    /// <summary>As <see cref="Count"/>, for a count whose default depends on other options (null when not given).</summary>
    public static Option<int?> OptionalCount(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value and < 1) result.AddError($"{name} {value} is invalid: at least 1");
        });
        return option;
    }

    public static Option<int> Threads(string description) => Count("--threads", CampaignOptions.DefaultThreads, description, min: 2, max: 64);

    public static Option<int> Repetitions(int defaultValue, string description) => Count("--repetitions", defaultValue, description);

    /// <summary>A duration as people write it: 90s, 10m, 8h, 1h30m (<see cref="Durations"/>).</summary>
    public static Option<TimeSpan> Duration(string name, TimeSpan defaultValue, string description) => new(name)
    {
        DefaultValueFactory = _ => defaultValue,
        Description = $"{description} (default {Durations.Format(defaultValue)})",
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (Durations.TryParse(text) is { } parsed) return parsed;
            result.AddError($"{name} '{text}' is invalid: write 90s, 10m or 8h");
            return default;
        },
    };

    public static Option<Sanitizer?> Sanitizer() => Choice<Sanitizer?>("--sanitizer",
        [null, .. Campaigns.Supervision.Sanitizer.All], s => s?.Name ?? Campaigns.Supervision.Sanitizer.None, null,
        "none, thread (ThreadSanitizer) or address (AddressSanitizer + UBSan): workers load the library's sanitizer build");

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

    public static Option<string?> AflDirectory(string description) => new("--afl-dir") { Description = description };

    /// <summary>One of a closed set of values, each by its one name: the help and the error list the names.</summary>
    static Option<T> Choice<T>(string name, IReadOnlyList<T> values, Func<T, string> nameOf, T defaultValue, string description)
    {
        var option = new Option<T>(name)
        {
            DefaultValueFactory = _ => defaultValue,
            Description = description,
            // An unknown name is refused by the list below, with the accepted names; here it only must not throw.
            CustomParser = result => values.FirstOrDefault(v => nameOf(v) == (result.Tokens.Count > 0 ? result.Tokens[^1].Value : ""))!,
        };
        option.AcceptOnlyFromAmong([.. values.Select(nameOf)]);
        return option;
    }

    /// <summary><c>--hang 3s</c>: how long one repetition (or systematic iteration) may take in a worker.</summary>
    public static Option<TimeSpan> Hang() =>
        Duration("--hang", Execution.Running.StressOptions.DefaultHang, "a repetition (or systematic iteration) that takes longer is a hang");

    /// <summary><c>--rss-limit-mb N</c>, libFuzzer's <c>-rss_limit_mb</c>: a worker whose resident memory grows past it is
    /// killed, and that is an <c>oom</c> finding.</summary>
    public static Option<int> RssLimitMb() => Count("--rss-limit-mb", WorkerLaunch.DefaultRssLimitMb,
        "a worker whose resident memory grows past this many MB is killed: an oom finding (0: no limit)", min: 0);
}

/// <summary>What <c>--mode</c> chooses: how each program runs (<see cref="ProgramMode"/> holds the chosen mode's settings).</summary>
internal enum ModeChoice { Stress, Systematic }
