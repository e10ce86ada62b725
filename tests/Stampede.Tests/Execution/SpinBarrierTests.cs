using Stampede.Execution.Stress;

namespace Stampede.Tests.Execution;

[TestFixture]
public class SpinBarrierTests
{
    [Test]
    public void No_thread_passes_a_phase_before_all_have_arrived_over_many_phases()
    {
        const int threads = 4, phases = 2000;
        var barrier = new SpinBarrier(threads);
        var arrived = new int[phases];
        var violations = 0;
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            for (int p = 0; p < phases; p++)
            {
                Interlocked.Increment(ref arrived[p]);
                barrier.SignalAndWait();
                if (Volatile.Read(ref arrived[p]) != threads) Interlocked.Increment(ref violations);
            }
        })).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) Assert.That(w.Join(TimeSpan.FromSeconds(60)), Is.True, "barrier deadlocked");
        Assert.That(violations, Is.Zero);
    }
}
