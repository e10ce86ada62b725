namespace Stampede.Worker.Afl;

/// <summary>Thrown by the AFL++ target when an oracle judged a run: SharpFuzz reports an escaping exception to AFL++ as
/// a crash, which is how AFL++ comes to keep the input in crashes/ (the signature itself is found again on import).</summary>
public sealed class OracleVerdictException(string signature) : Exception($"oracle verdict: {signature}");
