namespace Stampede.Campaigns.Learning;

/// <summary>How a probe run failed: <see cref="Outcome"/> says how (a signal, an exit code, a hang) and
/// <see cref="CallInFlight"/> which call of the one thread was running when the call board last saw it, when one was.</summary>
public sealed record ProbeOutcome(string Outcome, int? CallInFlight);
