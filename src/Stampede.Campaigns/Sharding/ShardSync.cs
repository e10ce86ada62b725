using System.Collections.Concurrent;
using System.Diagnostics;
using Stampede.Findings;
using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Sharding;

/// <summary>
/// What a shard takes from the others, as AFL++'s secondary instances take from each other's queues: every
/// <see cref="Interval"/> it reads the other shards' directories of the shared root, read-only and without locks
/// (every corpus file is written whole, then renamed into place), for
/// <list type="bullet">
/// <item>the keys of their findings, so that a finding another shard recorded first is known here, not new (not
/// triaged twice, not failing this shard's run; <see cref="KnownElsewhere"/>);</item>
/// <item>their interesting programs, which the campaign runs as it runs its own corpus's (<see cref="Poll"/>).</item>
/// </list>
/// Two shards that find the same race within one interval both report it new; <c>stampede merge</c> keeps it once.
/// </summary>
public sealed class ShardSync(string root, Shard shard, string library, ApiModel model, TimeSpan interval)
{
    /// <summary>How often a shard looks at the others unless told (<c>fuzz --sync-interval</c>).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);

    readonly object gate = new();
    readonly ConcurrentDictionary<string, string> knownBy = new(StringComparer.Ordinal);
    readonly HashSet<string> seenPrograms = new(StringComparer.Ordinal), seenFindings = new(StringComparer.Ordinal);
    long lastPoll = long.MinValue;

    public Shard Shard => shard;

    public TimeSpan Interval => interval;

    /// <summary>The shared root the shards' directories are in.</summary>
    public string Root => root;

    /// <summary>This shard's own corpus root (under <see cref="Root"/>).</summary>
    public string OwnDirectory => Path.Combine(root, shard.DirectoryName);

    /// <summary>Every finding key another shard has recorded, as of the last poll.</summary>
    public IReadOnlyCollection<string> KnownSignatures => knownBy.Keys.ToArray();

    /// <summary>The shard that recorded <paramref name="signature"/>, when another one did.</summary>
    public string? KnownElsewhere(string signature) => knownBy.TryGetValue(signature, out var by) ? by : null;

    int polls, imported;
    TimeSpan time;

    /// <summary>How many polls ran, what they took, and how many programs they brought (the sync's cost).</summary>
    public (int Polls, TimeSpan Time, int Imported) Cost { get { lock (gate) return (polls, time, imported); } }

    /// <summary>The programs of the other shards this one has not seen yet, when an interval has passed since the last
    /// poll (always on the first call, and when <paramref name="now"/>); none otherwise. Safe to call from every job.</summary>
    public IReadOnlyList<CorpusProgram> Poll(bool now = false)
    {
        lock (gate)
        {
            long at = Stopwatch.GetTimestamp();
            if (!now && lastPoll != long.MinValue && Stopwatch.GetElapsedTime(lastPoll, at) < interval) return [];
            lastPoll = at;
            var started = Stopwatch.StartNew();
            var programs = new List<CorpusProgram>();
            foreach (var other in Others())
            {
                string name = Path.GetFileName(other);
                string corpus = Path.Combine(other, library);
                string findings = Path.Combine(corpus, CorpusLayout.Findings);
                if (Directory.Exists(findings))
                    foreach (var finding in Directory.EnumerateDirectories(findings))
                    {
                        // A finding's key never changes: each directory is read once.
                        if (AtomicFile.IsTemporary(Path.GetFileName(finding)) || seenFindings.Contains(finding)) continue;
                        try
                        {
                            knownBy.TryAdd(FindingDirectory.Load(finding).Finding.Signature, name);
                            seenFindings.Add(finding);
                        }
                        catch (CorpusException) { } // being repaired by its shard, or damaged: read again next time
                    }
                foreach (var file in ProgramFiles.In(Path.Combine(corpus, CorpusLayout.Interesting)))
                {
                    if (!seenPrograms.Add(Path.GetFileName(file))) continue;
                    // Another shard's file that does not parse is that shard's problem, not a reason to stop this one.
                    try { programs.Add(new CorpusProgram(file, ProgramText.Parse(File.ReadAllText(file), model, file), Leftover: false)); }
                    catch (Exception e) when (e is ProgramTextException or ProgramValidationException or IOException) { }
                }
            }
            polls++;
            imported += programs.Count;
            time += started.Elapsed;
            return programs;
        }
    }

    /// <summary>The other shards' directories under the root, whatever their count (a rerun with more shards included).</summary>
    IEnumerable<string> Others() =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root, Shard.DirectoryPrefix + "*").Where(d => Path.GetFileName(d) != shard.DirectoryName)
                .Order(StringComparer.Ordinal)
            : [];
}
