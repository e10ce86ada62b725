namespace Stampede.Execution.Stress;

/// <summary>
/// Releases a fixed number of threads together, spinning instead of sleeping so that all of them leave within
/// nanoseconds of each other: the widest overlap of their first calls (jcstress and ConTest do the same).
/// Reusable: sense-reversing, so the same barrier separates repetition after repetition.
/// </summary>
public sealed class SpinBarrier(int participants)
{
    int remaining = participants;
    volatile int phase;

    public int Participants { get; } = participants;

    public void SignalAndWait()
    {
        int myPhase = phase;
        if (Interlocked.Decrement(ref remaining) == 0)
        {
            remaining = Participants;
            phase = myPhase + 1; // the volatile write publishes the reset above
            return;
        }
        var spinner = new SpinWait();
        while (phase == myPhase)
        {
            // Spin hard, but give the core away now and then so that more threads than cores still progress.
            if (spinner.Count > 200) Thread.Yield(); else spinner.SpinOnce(sleep1Threshold: -1);
        }
    }
}
