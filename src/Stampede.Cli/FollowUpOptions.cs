namespace Stampede.Cli;

/// <summary>
/// What <c>stampede fuzz</c> does with each new finding once its campaign's time is up: triage it (re-run it
/// single-threaded and under a global lock) and minimize it, within <see cref="MinimizeBudget"/> per finding, with the
/// campaign's hang limit (<see cref="Hang"/>).
/// </summary>
internal sealed record FollowUpOptions(bool Triage = true, bool Minimize = true, TimeSpan? MinimizeBudget = null, TimeSpan? Hang = null)
{
    public static TimeSpan DefaultMinimizeBudget { get; } = TimeSpan.FromSeconds(20);

    public static FollowUpOptions Default { get; } = new();

    public static FollowUpOptions None { get; } = new(Triage: false, Minimize: false);

    public TimeSpan Budget => MinimizeBudget ?? DefaultMinimizeBudget;

    public TimeSpan HangTimeout => Hang ?? Execution.Running.StressOptions.DefaultHang;
}
