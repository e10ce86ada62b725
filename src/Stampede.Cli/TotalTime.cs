using System.Diagnostics;
using Stampede.Cli.Options;

namespace Stampede.Cli;

/// <summary>
/// The cap on the whole <c>fuzz</c> command (<c>--max-total-time</c>, libFuzzer's <c>-max_total_time</c>): campaign,
/// completion, triage and minimization all stop when it is reached, counted from the command's start (<see cref="Begin"/>). By default the
/// follow-up work gets as long as the campaign had, and at least <see cref="LeastFollowUp"/>; and a default cap does not
/// charge the preflight or the learning phase (a harness's first run learns its preconditions, with a budget of its own) to them.
/// </summary>
internal sealed class TotalTime
{
    public const string Option = "--max-total-time";

    /// <summary>What the default leaves for triage and minimization after a short campaign.</summary>
    public static TimeSpan LeastFollowUp { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The default, as help says it.</summary>
    public static string Default =>
        $"default: twice --duration, at least --duration + {Durations.Format(LeastFollowUp)}, plus the time the preflight and learning preconditions take";

    /// <summary>Started on Program's first line. Not the process's start time: ./stampede may spend a minute building the
    /// CLI before it execs it under the same process id, which once left a campaign no time at all.</summary>
    static readonly Stopwatch sinceStart = new();

    readonly TimeSpan before = sinceStart.Elapsed;
    readonly Stopwatch clock = Stopwatch.StartNew();

    TotalTime(TimeSpan campaign, TimeSpan cap, bool given) => (Campaign, Cap, Given) = (campaign, cap, given);

    /// <summary>The command starts: what it does from here on counts against the cap.</summary>
    public static void Begin() => sinceStart.Start();

    /// <summary>The cap given, or the default for a campaign of <paramref name="duration"/> after
    /// <paramref name="preparing"/> spent on the preflight and learning preconditions (never above the longest duration an option takes).</summary>
    public static TotalTime Start(TimeSpan duration, TimeSpan? given, TimeSpan preparing = default) => given is { } cap
        ? new(duration, cap, true)
        : new(duration, TimeSpan.FromTicks(Math.Min((WholeSeconds(preparing) + duration + (duration > LeastFollowUp ? duration : LeastFollowUp)).Ticks, Durations.Max.Ticks)), false);

    /// <summary>Learning's time rounded up to the second, so that the cap a line prints reads "183s", not "183.004s".</summary>
    static TimeSpan WholeSeconds(TimeSpan t) => TimeSpan.FromSeconds(Math.Ceiling(t.TotalSeconds));

    /// <summary>The campaign's own duration (<c>--duration</c>).</summary>
    public TimeSpan Campaign { get; }

    public TimeSpan Cap { get; }

    /// <summary>Whether the user gave the cap (else it is the default).</summary>
    public bool Given { get; }

    public TimeSpan Elapsed => before + clock.Elapsed;

    public TimeSpan Remaining => Cap > Elapsed ? Cap - Elapsed : TimeSpan.Zero;

    public bool Reached => Remaining == TimeSpan.Zero;

    /// <summary>The option as a line names it: <c>--max-total-time 75s</c>.</summary>
    public string Named => $"{Option} {Durations.Format(Cap)}{(Given ? "" : " (the default)")}";
}
