using Stampede.Execution.Observations;
using Stampede.Oracles.Isolation;
using Stampede.Oracles.Linearizability;

namespace Stampede.Tests.Oracles;

[TestFixture]
public class ResultAbstractionTests
{
    /// <summary>A registry whose ids start at a different offset in every run, like ids from process-wide state.</summary>
    sealed class Registry
    {
        static int runs;
        public readonly int Offset = 1000 * ++runs;
        public readonly Dictionary<string, int> Ids = [];
        public string Add(string name) => (Ids[name] = Offset + Ids.Count).ToString();
    }

    static HistoryBuilder<Registry> TwoOverlappingAdds(string first, string second) =>
        new HistoryBuilder<Registry>(() => new())
            .Call(0, "reg_add", 0, 10, first, r => r.Add("a"))
            .Call(1, "reg_add", 2, 12, second, r => r.Add("b"));

    static ResultAbstraction Calibrate(ConcurrentHistory history, ISequentialModel model, params string[] nondeterministic) =>
        ResultAbstraction.Calibrate(model, history.Calls.Select(c => c.Id).ToArray(),
            id => history[id].Function, nondeterministic.Contains);

    [Test]
    public void Ids_that_move_between_runs_are_compared_by_equality_pattern()
    {
        var h = TwoOverlappingAdds("7", "8");
        var abstraction = Calibrate(h.History, h.Model);
        Assert.That(abstraction[new CallId(0, 0)], Is.EqualTo(ResultComparison.EqualityPattern));
        Assert.That(new LinearizabilityChecker().Check(h.History, h.Model, abstraction),
            Is.TypeOf<LinearizabilityVerdict.Linearizable>(), "distinct ids, renamed: fine");
    }

    [Test]
    public void Two_adds_that_got_the_same_id_are_not_linearizable_whatever_the_offset()
    {
        var h = TwoOverlappingAdds("7", "7");
        var verdict = new LinearizabilityChecker().Check(h.History, h.Model, Calibrate(h.History, h.Model));
        Assert.That(verdict, Is.TypeOf<LinearizabilityVerdict.NotLinearizable>());
    }

    [Test]
    public void Results_with_no_stable_pattern_and_functions_marked_nondeterministic_are_ignored()
    {
        // A coarse clock: two readings are sometimes equal, sometimes not (0,0 then 0,1 then 1,1 over three runs).
        int ticks = 0;
        var h = new HistoryBuilder<Register>(() => new())
            .Call(0, "clock", 0, 10, "5", _ => (ticks++ / 3).ToString())
            .Call(0, "clock", 11, 12, "6", _ => (ticks++ / 3).ToString())
            .Call(1, "pid", 0, 10, "1", _ => "42");
        var abstraction = Calibrate(h.History, h.Model, "pid");
        Assert.That(abstraction[new CallId(0, 0)], Is.EqualTo(ResultComparison.Ignored), "values and pattern move");
        Assert.That(abstraction[new CallId(1, 0)], Is.EqualTo(ResultComparison.Ignored), "marked nondeterministic");
        Assert.That(new LinearizabilityChecker().Check(h.History, h.Model, abstraction),
            Is.TypeOf<LinearizabilityVerdict.Linearizable>());
    }

    sealed class ErrorSlot { public string Last = ""; }

    [Test]
    public void A_global_error_slot_passes_linearizability_but_fails_isolation()
    {
        // Thread 0's parse fails; thread 1's succeeds and clears the slot; thread 0 then reads thread 1's "".
        var h = new HistoryBuilder<ErrorSlot>(() => new())
            .Call(0, "parse", 0, 10, "-1", s => { s.Last = "bad digit"; return "-1"; })
            .Call(0, "last_error", 20, 30, "\"\"", s => $"\"{s.Last}\"")
            .Call(1, "parse", 5, 15, "0", s => { s.Last = ""; return "0"; })
            .Call(1, "last_error", 16, 18, "\"\"", s => $"\"{s.Last}\"");
        Assert.That(new LinearizabilityChecker().Check(h.History, h.Model, ResultAbstraction.AllExact),
            Is.TypeOf<LinearizabilityVerdict.Linearizable>(), "parse(t0), parse(t1), last_error, last_error explains it");

        var violation = IsolationChecker.Check(h.History, h.Model.Run, _ => ResultAbstraction.AllExact);
        Assert.That(violation, Is.Not.Null);
        Assert.That(violation!.Call.Id, Is.EqualTo(new CallId(0, 1)));
        Assert.That(violation.Alone, Is.EqualTo("\"bad digit\""));
    }

    sealed class Counter { public long Sum; }

    [Test]
    public void A_global_counter_showing_other_threads_work_is_not_cross_talk()
    {
        // An atomic statistics counter: thread 0 legitimately sees thread 1's additions.
        var h = new HistoryBuilder<Counter>(() => new())
            .Call(0, "stats_add", 0, 10, "ok", c => { c.Sum += 5; return "ok"; })
            .Call(0, "stats_total", 20, 30, "12", c => c.Sum.ToString())
            .Call(1, "stats_add", 5, 15, "ok", c => { c.Sum += 7; return "ok"; })
            .Call(1, "stats_total", 16, 17, "12", c => c.Sum.ToString());
        Assert.That(IsolationChecker.Check(h.History, h.Model.Run, _ => ResultAbstraction.AllExact), Is.Null);
    }

    [Test]
    public void Threads_with_private_state_pass_isolation()
    {
        var h = new HistoryBuilder<ErrorSlot>(() => new())
            .Call(0, "parse", 0, 10, "-1", _ => "-1")
            .Call(1, "parse", 5, 15, "0", _ => "0");
        Assert.That(IsolationChecker.Check(h.History, h.Model.Run, _ => ResultAbstraction.AllExact), Is.Null);
    }
}
