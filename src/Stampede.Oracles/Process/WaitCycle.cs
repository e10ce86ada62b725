namespace Stampede.Oracles.Process;

/// <summary>
/// The threads of a deadlock proper: those on a cycle of "waits for a lock the next one holds". A thread that waits for
/// a lock a member of the cycle holds, and holds nothing any of them wait for, is a bystander: it would go on if the
/// cycle broke, and whether there is one depends on what else the program happened to call (svcconf's
/// <c>ledger_postings</c> queueing for the journal lock behind <c>ledger_post</c> made a second finding of the ledger's
/// inversion beside the two-thread one).
/// </summary>
public static class WaitCycle
{
    /// <summary>The threads on a cycle of <paramref name="waitsFor"/> (thread → the thread holding the lock it waits
    /// for), in thread order; empty when the waits lead nowhere round (an owner outside the threads, a chain that ends).</summary>
    public static IReadOnlyList<int> Members(IReadOnlyDictionary<int, int> waitsFor)
    {
        var members = new SortedSet<int>();
        foreach (int start in waitsFor.Keys)
        {
            // Walk from each thread at most as many steps as there are waits: a walk that comes back to a thread it
            // passed has found a cycle, which is the part from that thread on.
            var path = new List<int> { start };
            int at = start;
            while (waitsFor.TryGetValue(at, out int next) && path.Count <= waitsFor.Count)
            {
                int seen = path.IndexOf(next);
                if (seen >= 0)
                {
                    members.UnionWith(path.Skip(seen));
                    break;
                }
                path.Add(at = next);
            }
        }
        return [.. members];
    }
}
