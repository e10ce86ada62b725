using Stampede.Execution.Worker;

namespace Stampede.Execution.CallLayer;

/// <summary>
/// Serializes every native call of the process with one lock, taken in <see cref="Enter"/>: what a global interpreter
/// lock gave C extensions that never released it. No two calls overlap, so a data race inside the library, or a
/// lock-order inversion between two of its functions, cannot happen under it; a bug that still shows is not one a
/// GIL would have hidden.
/// </summary>
/// <remarks>
/// A GIL-holding extension also copies a call's result (a string in a static buffer) before it lets go, whereas the
/// engine copies after the binding returns. So a thread of the program (one on the <see cref="CallBoard"/>) keeps
/// the lock past <see cref="Exit"/> until the board shows it has left that call, i.e. until its results are copied;
/// a thread that wants the lock meanwhile waits. Calls of threads not on the board (setup, teardown, reference runs,
/// which never overlap with others) release it in <see cref="Exit"/>. Without a board every call releases it there.
/// Calls are never nested (native code does not call back through the bindings).
/// </remarks>
public sealed class GlobalLockInterceptor(CallBoard? board = null, int boardThreads = 0) : ICallInterceptor
{
    readonly Lock gate = new();
    // ThreadSanitizer cannot see this lock: each holder's call happens before the next holder's (close enough: the
    // holder's copy of its result, after Exit, is not covered).
    readonly Running.HandOver serialized = new();
    int holder; // OS thread id of the holder, 0 when free
    bool inCall; // the holder is inside the native call
    int holderSlot = -1; // the holder's board slot, -1 when it is not on the board
    int holderRepetition, holderPosition;

    [ThreadStatic] static int osThreadId;

    public void Enter(int functionIndex, ReadOnlySpan<long> arguments)
    {
        if (osThreadId == 0) osThreadId = OsThread.CurrentId();
        int me = osThreadId;
        var spin = new SpinWait();
        while (true)
        {
            lock (gate)
            {
                if (holder == 0 || holder == me || !inCall && HolderLeftItsCall())
                {
                    (holder, inCall) = (me, true);
                    holderSlot = SlotOf(me);
                    if (holderSlot >= 0 && board!.Read(holderSlot) is var slot)
                        (holderRepetition, holderPosition) = (slot.Repetition, slot.Position);
                    serialized.Acquire();
                    return;
                }
            }
            spin.SpinOnce(sleep1Threshold: -1); // the holder is in a call or copying its result: both are short
        }
    }

    public void Exit(int functionIndex, long result)
    {
        serialized.Release();
        lock (gate)
        {
            inCall = false;
            if (holderSlot < 0) holder = 0;
        }
    }

    bool HolderLeftItsCall()
    {
        var slot = board!.Read(holderSlot);
        return slot.State != CallBoard.SlotState.InCall || slot.Repetition != holderRepetition || slot.Position != holderPosition;
    }

    int SlotOf(int osThread)
    {
        if (board is null) return -1;
        for (int t = 0; t < Math.Min(boardThreads, CallBoard.MaxThreads); t++)
            if (board.Read(t).OsThreadId == osThread) return t;
        return -1;
    }
}
