namespace Stampede.Execution.Systematic;

/// <summary>The strategies of the scheduling runtime, by their numbers in schedrt.h.</summary>
public enum NativeStrategyKind
{
    /// <summary>No exploration: the running thread goes on while it can. What replays a trace cut short by a crash.</summary>
    None = 0,
    Random = 1,
    /// <summary>PCT with bug depth d (the strategy's param).</summary>
    Pct = 2,
    /// <summary>Another candidate with probability param/1000 at each decision.</summary>
    Switch = 3,
}
