using Microsoft.Coyote.Runtime;
using Stampede.Execution.CallLayer;

namespace Stampede.Execution.Systematic;

/// <summary>
/// The call layer's half of systematic mode: a Coyote scheduling point right after each native call of a program
/// thread returns, before its results are copied. That is the only place another thread can overwrite what the call
/// returned (a static buffer) before it is read; the executor adds the point before each call. Coyote cannot see inside
/// the native call itself, so each call is one atomic step. Calls of other threads (setup, teardown, the oracle's
/// reference runs) pass untouched.
/// </summary>
public sealed class SchedulingPoints : ICallInterceptor
{
    [ThreadStatic] static bool onProgramThread;

    /// <summary>Marks the current thread as a program thread of a controlled iteration.</summary>
    public static void EnterProgramThread() => onProgramThread = true;

    public void Enter(int functionIndex, ReadOnlySpan<long> arguments) { }

    public void Exit(int functionIndex, long result)
    {
        if (onProgramThread) SchedulingPoint.Interleave();
    }
}
