namespace Stampede.Campaigns;

/// <summary>
/// Divides a stress campaign's time between its two phases by what each finds: generated programs under stress
/// (fresh state every repetition, every oracle) and the hammer phase (the program just run, when it ran clean, its calls round after round on
/// shared handles for up to <see cref="HammerSeconds"/>: crashes and hangs that need millions of calls). The hammer's share
/// of the time starts at <see cref="InitialShare"/> and follows the phases' new findings per second (each counted one more,
/// so that a phase that found nothing yet keeps a chance), between <see cref="MinShare"/> and <see cref="MaxShare"/>.
/// Thread-safe: the jobs of a campaign share it.
/// </summary>
public sealed class PhaseBalance
{
    public const double HammerSeconds = 2;

    /// <summary>The opening hammer, before a job's first generated program: this many broad programs, each hammered for
    /// <see cref="OpeningRoundSeconds"/>. Several short rounds rather than one long one: each broad program calls some
    /// pairs of functions on some handles, and one that meets a race mostly meets it soon (docs/benchmarks.md).</summary>
    public const int OpeningRounds = 4;
    public const double OpeningRoundSeconds = 0.5;
    public const double InitialShare = 0.25, MinShare = 0.1, MaxShare = 0.6;

    // Seconds spent and new findings, per phase: stress, then hammer.
    readonly double[] seconds = new double[2];
    readonly int[] found = new int[2];
    readonly object gate = new();

    /// <summary>The hammer phase's target share of the campaign's time now.</summary>
    public double HammerShare
    {
        get
        {
            lock (gate)
            {
                // Rates with one finding added and a floor on time, so that early luck does not swing the share.
                double Rate(int phase) => (found[phase] + 1) / Math.Max(seconds[phase], 10);
                double stress = Rate(0), hammer = Rate(1);
                double share = seconds[0] + seconds[1] < 10 ? InitialShare : hammer / (stress + hammer);
                return Math.Clamp(share, MinShare, MaxShare);
            }
        }
    }

    /// <summary>Whether the next program should be hammered: the hammer phase has had less than its share so far.</summary>
    public bool HammerNext()
    {
        double share = HammerShare;
        lock (gate) return seconds[1] < share * (seconds[0] + seconds[1]);
    }

    public void Record(bool hammer, TimeSpan took, int newFindings)
    {
        lock (gate)
        {
            seconds[hammer ? 1 : 0] += took.TotalSeconds;
            found[hammer ? 1 : 0] += newFindings;
        }
    }

    /// <summary>Seconds spent and new findings per phase, for the summary: (stress, hammer).</summary>
    public ((double Seconds, int Found) Stress, (double Seconds, int Found) Hammer) Spent()
    {
        lock (gate) return ((seconds[0], found[0]), (seconds[1], found[1]));
    }
}
