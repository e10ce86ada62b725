using System.Diagnostics;
using Stampede.Cli.Options;

namespace Stampede.Cli;

/// <summary>
/// The cap on the whole <c>fuzz</c> command (<c>--max-total-time</c>, libFuzzer's <c>-max_total_time</c>): campaign,
/// completion, triage and minimization all stop when it is reached, counted from the process's start. By default the
/// follow-up work gets as long as the campaign had, and at least <see cref="LeastFollowUp"/>; and a default cap does not
/// charge the learning phase (a harness's first run learns its preconditions, with a budget of its own) to them.
/// </summary>
internal sealed class TotalTime
{
    public const string Option = "--max-total-time";

    /// <summary>What the default leaves for triage and minimization after a short campaign.</summary>
    public static TimeSpan LeastFollowUp { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The default, as help says it.</summary>
    public static string Default =>
        $"default: twice --duration, at least --duration + {Durations.Format(LeastFollowUp)}, plus the time learning preconditions takes";

    readonly TimeSpan before;
    readonly Stopwatch clock = Stopwatch.StartNew();

    TotalTime(TimeSpan campaign, TimeSpan cap, bool given)
    {
        (Campaign, Cap, Given) = (campaign, cap, given);
        using var self = Process.GetCurrentProcess();
        var since = DateTime.Now - self.StartTime;
        before = since > TimeSpan.Zero ? since : TimeSpan.Zero; // a clock set back: count from now
    }

    /// <summary>The cap given, or the default for a campaign of <paramref name="duration"/> after
    /// <paramref name="learning"/> spent learning preconditions (never above the longest duration an option takes).</summary>
    public static TotalTime Start(TimeSpan duration, TimeSpan? given, TimeSpan learning = default) => given is { } cap
        ? new(duration, cap, true)
        : new(duration, TimeSpan.FromTicks(Math.Min((WholeSeconds(learning) + duration + (duration > LeastFollowUp ? duration : LeastFollowUp)).Ticks, Durations.Max.Ticks)), false);

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
