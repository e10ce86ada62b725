namespace Stampede.Campaigns.Sharding;

/// <summary>
/// One of <see cref="Count"/> campaigns that share a seed and a corpus root (<c>fuzz --shard I/N</c>), on one machine or
/// many. Shard I runs the programs whose sequence numbers are I modulo N (<see cref="Sequence"/>): together the shards
/// run the programs one campaign with N times the jobs would, none twice. It writes only under its own directory of the
/// shared root (<see cref="DirectoryName"/>), so no file is written by two machines and no lock has to work across a
/// shared file system.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>A campaign that is not sharded.</summary>
    public static Shard Whole { get; } = new(0, 1);

    /// <summary>The variables an array job gives each task its index in: a Kubernetes Indexed Job's, then Slurm's.</summary>
    public static readonly string[] IndexVariables = ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"];

    public bool IsWhole => Count == 1;

    /// <summary>The sequence number of this shard's <paramref name="n"/>-th program (or opening round).</summary>
    public long Sequence(long n) => n * Count + Index;

    /// <summary>This shard's directory under the shared corpus root.</summary>
    public string DirectoryName => $"shard-{Index}";

    public const string DirectoryPrefix = "shard-";

    public override string ToString() => $"{Index}/{Count}";

    /// <summary><c>I/N</c>, or <c>N</c> alone with the index taken from the array job's variable
    /// (<see cref="IndexVariables"/>).</summary>
    /// <exception cref="FormatException">Not of that form, out of range, or no index anywhere: one line saying which.</exception>
    public static Shard Parse(string text, Func<string, string?> environment)
    {
        string[] parts = text.Split('/');
        if (parts.Length > 2 || !int.TryParse(parts[^1], out int count) || count < 1)
            throw new FormatException($"--shard {text}: expected I/N (shard I of N, counted from 0) or N (the index from {string.Join(" or ", IndexVariables)})");
        string? indexText = parts.Length == 2 ? parts[0]
            : count == 1 ? "0" // one shard of one is the whole campaign, wherever it runs
            : IndexVariables.Select(environment).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (indexText is null)
            throw new FormatException($"--shard {text}: no shard index: give I/N, or run it as an array job ({string.Join(" or ", IndexVariables)} set)");
        if (!int.TryParse(indexText, out int index) || index < 0 || index >= count)
            throw new FormatException($"--shard {text}: the shard index {indexText} is not between 0 and {count - 1} " +
                                      "(a Slurm array for N shards is --array=0-(N-1))");
        return new Shard(index, count);
    }
}
