using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stampede.Worker;

/// <summary>A program for a worker to hammer: its text, how many repetitions, the noise and seed, how long one
/// repetition may take before it counts as hung, how long the whole request may take (repetitions stop there,
/// so a campaign keeps its deadline even when checking is slow), and the <see cref="Schedules">schedule</see>.
/// Under the <see cref="Schedules.Systematic"/> schedule, <see cref="Repetitions"/> counts iterations and
/// <see cref="Systematic"/> says how they are scheduled.</summary>
public sealed record WorkerRequest(
    long Sequence, string Program, int Repetitions, double Noise, int Seed, double HangSeconds, double BudgetSeconds = 30,
    string Schedule = Schedules.Stress, SystematicRequest? Systematic = null);

/// <summary>
/// How a systematic request's iterations are scheduled: by <see cref="Strategy"/> (iteration i runs the schedule
/// <c>SystematicStrategy.At(Strategy, Seed, i)</c>, from <see cref="FirstIteration"/> on), or every one by replaying
/// <see cref="Trace"/>. <see cref="Stop"/> makes the iteration end in a bug just before a call (or after the threads)
/// instead of running on: how the schedule that led to a crash or hang is traced without dying again.
/// </summary>
public sealed record SystematicRequest(string Strategy, int FirstIteration = 0, string? Trace = null, StopRequest? Stop = null);

/// <summary>Stop before call <see cref="Position"/> of thread <see cref="Thread"/>, or after the threads when null.</summary>
public sealed record StopRequest(int? Thread, int? Position);

/// <summary>The schedule of a systematic iteration that ended in a bug: the concrete strategy and seed that chose it,
/// the iteration's number, and Coyote's reproducible trace, which replays it.</summary>
public sealed record RecordedSchedule(string Strategy, uint Seed, int Iteration, string Trace);

/// <summary>How a worker runs a request's program; triage compares the three.</summary>
public static class Schedules
{
    /// <summary>Every thread on its own OS thread, released together: how campaigns run programs.</summary>
    public const string Stress = "stress";

    /// <summary>As <see cref="Stress"/>, with every native call serialized by one process-wide lock (an emulated GIL).</summary>
    public const string Serialized = "serialized";

    /// <summary>Setup, then thread 0's calls, thread 1's, ... on one thread: what one caller making the same calls sees.</summary>
    public const string SingleThreaded = "single-threaded";

    /// <summary>Every thread on its own controlled thread, interleaved call by call by Coyote.</summary>
    public const string Systematic = "systematic";

    public static IReadOnlyList<string> All { get; } = [Stress, Serialized, SingleThreaded, Systematic];
}

/// <summary>
/// A worker's answer. <see cref="Outcome"/>: <c>clean</c> (every repetition passed the oracles), <c>failure</c>
/// (an oracle failed: <see cref="Failure"/>), <c>hang</c> (threads <see cref="Unfinished"/> did not finish; the worker
/// waits to be examined and killed), <c>error</c> (the request could not be run: <see cref="Error"/>).
/// </summary>
public sealed record WorkerResponse(
    long Sequence, string Outcome, int Repetitions, long Calls,
    ReportedFailure? Failure = null, IReadOnlyList<int>? Unfinished = null, string? Error = null);

/// <summary>An oracle's failure as the worker reports it; under the systematic schedule, with the
/// <see cref="Schedule"/> that shows it.</summary>
public sealed record ReportedFailure(
    string Kind, string Signature, string Summary, int Repetition, IReadOnlyList<ThreadCalls> Timeline, RecordedSchedule? Schedule = null);

/// <summary>One program thread's calls in a failing repetition, timed in microseconds from the repetition's first call.</summary>
public sealed record ThreadCalls(int Thread, IReadOnlyList<TimedCall> Calls);

public sealed record TimedCall(string Function, double StartMicros, double? EndMicros, string Result);

/// <summary>Sent by a busy worker every half second: how much work it has finished so far. Progress that stops
/// moving means the worker is stuck, even when its threads look alive.</summary>
public sealed record WorkerHeartbeat(long Progress);

/// <summary>The first line a worker writes: ready (with how long it took), or why it cannot start.</summary>
public sealed record WorkerHello(bool Ready, double StartupMilliseconds, bool ReloadsCleanly, string? Error = null);

/// <summary>One JSON object per line, both ways. The worker's messages carry <see cref="Prefix"/>, so that whatever
/// the native library prints on the same standard output is told apart (and kept as output, not parsed).</summary>
public static class WorkerJson
{
    public const string Prefix = "@stampede ";

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T message) => JsonSerializer.Serialize(message, Options);

    public static T Read<T>(string line) =>
        JsonSerializer.Deserialize<T>(line, Options) ?? throw new InvalidDataException("empty worker message");
}
