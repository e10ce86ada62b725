using System.Globalization;
using System.Text.RegularExpressions;

namespace Stampede.Execution.Systematic;

/// <summary>
/// The scheduling runtime's account of a deadlock (<see cref="NativeScheduler.Describe"/>, written by
/// native/schedrt/schedrt.c's <c>describe_deadlock</c>), read for who waits for whom: each line
/// "  t0 waits for mutex libsvcconf.so+0x5198, in ledger_post+0xc8 (libsvcconf.so+0x1ec8); held by t1".
/// </summary>
public static partial class DeadlockAccount
{
    /// <summary>Each blocked thread that waits for a lock another thread of the run holds → that thread. A thread
    /// waiting on a condition, or for a lock no thread of the run holds, has no entry.</summary>
    public static IReadOnlyDictionary<int, int> WaitsFor(string description)
    {
        var waits = new Dictionary<int, int>();
        foreach (var line in description.Split('\n'))
            if (Waits().Match(line) is { Success: true } m &&
                int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int waiter) &&
                int.TryParse(m.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int holder))
                waits[waiter] = holder;
        return waits;
    }

    [GeneratedRegex(@"^\s*t(\d+) waits for .*; held by t(\d+)\s*$")]
    private static partial Regex Waits();
}
