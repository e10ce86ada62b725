using Stampede.Model;
using Stampede.Sanitizers;

namespace Stampede.Oracles.Process;

/// <summary>
/// What a process-level oracle (<see cref="CrashOracle"/>, <see cref="SanitizerOracle"/>, <see cref="HangOracle"/>)
/// makes of a dead or hung worker: the kind, the <see cref="Signature"/> that deduplication rests on, a one-line
/// summary, and the sanitizer report it was signed by, if any.
/// </summary>
public sealed record ProcessVerdict(FindingKind Kind, string Signature, string Summary, SanitizerReport? Report = null);
