namespace Stampede.Oracles.Process;

/// <summary>Where one program thread was when its worker died or hung: inside <see cref="Function"/> (call
/// <see cref="Position"/>), or between calls, or done (<see cref="State"/>); with its native stack when one was captured.
/// <see cref="Repetition"/>: the repetition (a systematic iteration) the board last showed it in.</summary>
public sealed record ThreadPlace(int Thread, ThreadActivity State, int Position, string? Function, IReadOnlyList<CapturedFrame> Stack, int Repetition = 0);
