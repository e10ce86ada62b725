using Stampede.Worker.Afl;
namespace Stampede.Campaigns.Afl;

/// <summary>
/// Where an AFL++ instance stands: the inputs its target ran (<see cref="ExecutionCounter"/>), the inputs in its queue,
/// the crashes and hangs it saved (counted in its directories), and the stability AFL++ last reported (its
/// fuzzer_stats file, which it rewrites only about once a minute without a terminal, and at exit).
/// </summary>
public sealed record FuzzerStats(long Executions, long Queue, long Crashes, long Hangs, string Stability)
{
    public static FuzzerStats Read(string instanceDirectory)
    {
        long Count(string kind) => Directory.Exists(Path.Combine(instanceDirectory, kind))
            ? Directory.EnumerateFiles(Path.Combine(instanceDirectory, kind), "id:*").LongCount()
            : 0;
        return new FuzzerStats(ExecutionCounter.Read(Path.Combine(instanceDirectory, ExecutionCounter.FileName)),
            Count("queue"), Count("crashes"), Count("hangs"), StabilityIn(Path.Combine(instanceDirectory, "fuzzer_stats")));
    }

    public static FuzzerStats Sum(IEnumerable<FuzzerStats> all)
    {
        var list = all.ToList();
        return new FuzzerStats(list.Sum(s => s.Executions), list.Sum(s => s.Queue), list.Sum(s => s.Crashes), list.Sum(s => s.Hangs),
            string.Join(" ", list.Select(s => s.Stability).Where(s => s.Length > 0)));
    }

    /// <summary>"stability : 94.12%" among fuzzer_stats' "key : value" lines.</summary>
    static string StabilityIn(string file)
    {
        try
        {
            foreach (string line in File.ReadLines(file))
                if (line.StartsWith("stability", StringComparison.Ordinal) && line.IndexOf(':') is var colon and > 0)
                    return line[(colon + 1)..].Trim();
        }
        catch (IOException) { }
        return "";
    }
}
