using Stampede.Oracles.Process;
using Stampede.Sanitizers;
using Stampede.Campaigns.Supervision;
using Stampede.Findings;
using Stampede.Model;
using Stampede.Model.Programs;

namespace Stampede.Campaigns;

/// <summary>Turns what a campaign observed into the finding store's record: timelines, named stacks, details.</summary>
public static class FindingConversion
{
    public static Finding ToFinding(CampaignFinding f, string library, string reproduceCommand)
    {
        var details = new Dictionary<string, string>(f.Details ?? new Dictionary<string, string>());
        // A report that ended the worker, or one a sanitizer printed as it went on.
        if (f.Sanitizer is { } report) details["sanitizer report"] = report.Text;
        if (f.Crash is { } crash)
        {
            details["exit code"] = crash.ExitCode.ToString();
            if (crash.Signal is not null) details["signal"] = crash.Signal;
            if (f.Sanitizer is null && crash.StandardErrorTail.Length > 0)
                details["stderr"] = string.Join('\n', crash.StandardErrorTail.Split('\n').TakeLast(40));
        }
        if (f.NamedBy is { } named) details["sanitizer report naming the cause"] = named.Text;
        return new Finding(f.Kind, f.Signature, f.Summary, library, f.Program, Timeline(f), Stacks(f), reproduceCommand, details, f.Variant);
    }

    /// <summary>The failing run's calls per thread: the oracle's timeline, or what the call board kept of a death, hang or
    /// memory overrun.</summary>
    public static IReadOnlyList<ThreadTimeline> Timeline(CampaignFinding f) => f.Timeline is { } calls
        ? calls.Select(t => new ThreadTimeline($"t{t.Thread}",
            t.Calls.Select(c => new TimedCall(c.Function, (long)c.StartMicros, (long?)c.EndMicros, c.Result)).ToArray(), null)).ToArray()
        : BoardTimeline(f.Program, f.Crash?.Threads ?? f.Hang?.Threads ?? f.Memory?.Threads ?? []);

    /// <summary>After a crash, hang or memory overrun only the call board is known: each thread's calls up to the one it
    /// was in, timed as the board kept them (µs from the earliest call start of the run; a call without a time is
    /// drawn at the previous one's end, without length).</summary>
    static IReadOnlyList<ThreadTimeline> BoardTimeline(string program, IReadOnlyList<ThreadPlace> states)
    {
        ConcurrentProgram parsed;
        try { parsed = ProgramText.Parse(program); }
        catch (ProgramTextException) { return []; }
        long origin = states.SelectMany(s => s.Times).OfType<CallTime>().Select(t => t.Start).DefaultIfEmpty(0).Min();
        long Micros(long ticks) => (long)Math.Round((ticks - origin) * 1e6 / System.Diagnostics.Stopwatch.Frequency);
        return states.Where(s => s.Thread < parsed.Threads.Count).Select(s =>
        {
            var calls = parsed.Threads[s.Thread].Calls;
            int shown = s.State == ThreadActivity.Done ? calls.Count : Math.Min(calls.Count, s.Position + 1);
            long previousEnd = 0;
            var timed = calls.Take(shown).Select((c, i) =>
            {
                bool inFlight = s.State == ThreadActivity.InCall && i == s.Position;
                var time = i < s.Times.Count ? s.Times[i] : null;
                long start = time is { } t ? Micros(t.Start) : previousEnd;
                long? end = inFlight ? null : time?.End is { } e ? Micros(e) : start;
                previousEnd = end ?? start;
                return new TimedCall(c.Function, start, end, null);
            }).ToArray();
            return new ThreadTimeline($"t{s.Thread}", timed, s.State == ThreadActivity.InCall ? s.Position : null);
        }).ToArray();
    }

    static IReadOnlyList<Stack> Stacks(CampaignFinding f)
    {
        var stacks = new List<Stack>();
        if (f.Sanitizer is { } report)
            foreach (var (role, frames) in report.Stacks())
                stacks.Add(new Stack(role, frames.Select(SanitizerFrame).ToArray()));
        else if (f.Crash is { } crash && crash.CrashingStack.Count > 0)
        {
            var state = crash.Threads.FirstOrDefault(s => s.Thread == crash.CrashingThread);
            string who = crash.CrashingThread is { } t ? $"t{t}{(state?.Function is { } fn ? " in " + fn : "")}" : "crashing thread";
            stacks.Add(new Stack($"{who} (crashed, {crash.Signal ?? "exit " + crash.ExitCode})", Frames(crash.CrashingStack)));
        }
        // Where every other program thread was at that moment (the crash report lists each thread).
        if (f.Sanitizer is null && f.Crash is { } died)
            foreach (var s in died.Threads)
                if (s.Thread != died.CrashingThread && s.Stack.Count > 0)
                    stacks.Add(new Stack($"{Where(s)} (at the crash)", Frames(s.Stack)));
        // The sanitizer build that named a plain crash's cause shows both sides of it.
        if (f.NamedBy is { } named)
            foreach (var (role, frames) in named.Stacks())
                stacks.Add(new Stack($"{role} ({named.Tool} build, naming the cause)", frames.Select(SanitizerFrame).ToArray()));
        foreach (var s in f.Hang?.Threads ?? [])
            if (s.Stack.Count > 0)
                stacks.Add(new Stack(Where(s), Frames(s.Stack)));
        foreach (var other in f.Hang?.Others ?? [])
            stacks.Add(new Stack($"thread \"{other.Name}\" (not a program thread)", Frames(other.Frames)));
        return stacks;
    }

    /// <summary>A program thread and where it was: <c>t1 in kv_get</c>, <c>t2 between calls</c>.</summary>
    static string Where(ThreadPlace s) => $"t{s.Thread} {(s.Function is { } fn ? "in " + fn : s.State.Text())}";

    /// <summary>A sanitizer frame as the report shows it; a JIT-compiled frame by its managed method.</summary>
    static Frame SanitizerFrame(SanitizerFrame f) => new(
        f.Function ?? f.ManagedMethod,
        f.SourceLine is { } line ? line + (f.Column is > 0 ? $":{f.Column}" : "") : null,
        f.ManagedMethod is not null ? "[managed]" : f.ModuleName ?? "");

    static IReadOnlyList<Frame> Frames(IReadOnlyList<CapturedFrame> frames) =>
        frames.Select(f => new Frame(f.Function, f.Location, f.Managed ? f.Module + " [managed]" : f.Module)).ToArray();
}
