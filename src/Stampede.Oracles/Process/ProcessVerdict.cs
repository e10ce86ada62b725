using Stampede.Model;
using Stampede.Sanitizers;

namespace Stampede.Oracles.Process;

/// <summary>
/// What a process-level oracle (<see cref="CrashOracle"/>, <see cref="SanitizerOracle"/>, <see cref="HangOracle"/>)
/// makes of a dead or hung worker: the kind, the <see cref="Signature"/> of the place it failed, a one-line summary, the
/// sanitizer report it was signed by, if any, and the root-cause <see cref="Key"/> when one is known apart from the place
/// (a sanitizer report names what conflicted: <see cref="SanitizerKey"/>). Deduplication rests on <see cref="Identity"/>.
/// </summary>
public sealed record ProcessVerdict(FindingKind Kind, string Signature, string Summary, SanitizerReport? Report = null, string? Key = null)
{
    /// <summary>What makes two failures one finding: the root-cause key, else the place's signature.</summary>
    public string Identity => Key ?? Signature;
}
