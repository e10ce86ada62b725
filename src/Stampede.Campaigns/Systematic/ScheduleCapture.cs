using Stampede.Campaigns.Supervision;
using Stampede.Oracles.Process;
using Stampede.Execution.Systematic;
using Stampede.Worker;

namespace Stampede.Campaigns.Systematic;

/// <summary>
/// Traces the schedule of a systematic iteration that killed or hung its worker. Coyote writes a trace only for a bug
/// it sees, and a native crash takes the process down first; but an iteration's schedule is fixed by its strategy and
/// seed, so the same iteration is run again in a fresh worker, told to stop (assert, which makes Coyote write the
/// trace) right before the call the dying thread was in — or after the threads, when no thread was in a call. The
/// trace then ends where the call is made, and replaying it makes that call again. Null when the rerun did not stop
/// there (it crashed or hung earlier: the worker must then be replaced).
/// </summary>
public static class ScheduleCapture
{
    public static RecordedSchedule? Trace(WorkerProcess worker, WorkerRequest died, int threads, ProgramResult result)
    {
        if (died.Systematic is not { } systematic) return null;
        var (places, culprit) = result switch
        {
            ProgramResult.Crashed c => (c.Evidence.Threads, c.Evidence.CrashingThread),
            ProgramResult.Hung h => (h.Evidence.Threads, h.Evidence.Unfinished.FirstOrDefault()),
            _ => ([], (int?)null),
        };
        if (places.Count == 0) return null; // the board was never written: the worker died before the iteration
        var inCall = places.FirstOrDefault(p => p.Thread == culprit && p.State == ThreadActivity.InCall)
                     ?? places.FirstOrDefault(p => p.State == ThreadActivity.InCall);
        int iteration = (inCall ?? places[0]).Repetition;
        if (iteration < 0) return null; // it died in a reference run of the oracle, which no schedule controls
        // A schedule build's worker left the trace of the iteration it died in; replayed, the running thread goes on
        // after its last switch, as it did, into the same crash.
        if (NativeTraceFile.Left(worker.NativeTracePath) is { } left)
        {
            var native = NativeStrategy.At(systematic.Strategy, died.Seed, iteration);
            return new RecordedSchedule(native.Name, unchecked((uint)native.Seed), iteration, NativeTrace.ToText(left));
        }
        var stop = inCall is not null ? new StopRequest(inCall.Thread, inCall.Position) : new StopRequest(null, null);
        var again = WorkerRequest.ForSystematic(died.Sequence, died.Program, 1, died.Seed, died.HangSeconds, Math.Max(died.BudgetSeconds, 10),
            systematic with { FirstIteration = iteration, Stop = stop });
        var rerun = worker.Run(again, threads, WorkerProcess.StallFor(TimeSpan.FromSeconds(died.HangSeconds)));
        return rerun is ProgramResult.Stopped stopped ? stopped.Schedule : null;
    }
}
