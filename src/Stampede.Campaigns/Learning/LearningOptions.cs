namespace Stampede.Campaigns.Learning;

/// <summary>How long learning may take (<see cref="Budget"/>, <c>--learn-budget</c>) and when a call is hung.</summary>
public sealed record LearningOptions(TimeSpan Budget, TimeSpan Hang)
{
    /// <summary>The default of <c>--learn-budget</c>: enough for a few dozen functions on a busy machine.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMinutes(2);

    /// <summary>Calls of the function under study in one worker run: a run that survives clears them all at once.</summary>
    public const int CallsPerRun = 8;

    /// <summary>Runs of generated calls per function; each failure found costs more runs to explain.</summary>
    public const int RunsPerFunction = 4;

    /// <summary>Steps of a bisection (a buffer's size, an integer's bound): enough for 4096 bytes, or a 64-bit range
    /// taken in square roots first.</summary>
    public const int MaxBisectionSteps = 16;
}
