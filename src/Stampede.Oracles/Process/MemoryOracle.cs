using Stampede.Model;

namespace Stampede.Oracles.Process;

/// <summary>Signs a worker killed over its memory limit as <see cref="HangOracle"/> signs a hang: by the functions its
/// program threads were in at that moment (a leak or a huge allocation grows memory inside a call), or
/// "(between calls)" when none was in one.</summary>
public static class MemoryOracle
{
    public static ProcessVerdict Judge(MemoryEvidence memory)
    {
        var inCalls = memory.Threads.Where(s => s.Function is not null).ToArray();
        string place = inCalls.Length == 0 ? HangOracle.BetweenCalls : string.Join(",", inCalls.Select(s => s.Function!).Distinct().Order(StringComparer.Ordinal));
        string inFlight = inCalls.Length == 0 ? "none" : string.Join(", ", inCalls.Select(s => $"t{s.Thread} in {s.Function}"));
        return new ProcessVerdict(FindingKind.OutOfMemory, $"{FindingKind.OutOfMemory.Name()}:{place}",
            $"the worker's resident memory reached {memory.ResidentMb} MB, over its limit of {memory.LimitMb} MB; threads in calls: {inFlight}");
    }
}
