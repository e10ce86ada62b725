using System.Text.Json.Serialization;
using Stampede.Model.Api;

namespace Stampede.Harnesses.Preconditions;

/// <summary>
/// What the learning phase found about calling each function on its own (preconditions.json, next to api.json):
/// the rules, and the api.json they were learned from (<see cref="ApiSha256"/>), so that a harness made again is
/// learned again. Format and meaning: docs/preconditions.md.
/// </summary>
public sealed record LearnedPreconditions(
    int SchemaVersion, string Library, string ApiSha256, double Seconds, int FunctionsProbed, IReadOnlyList<string> NotProbed,
    IReadOnlyList<LearnedRule> Rules)
{
    public const int CurrentSchemaVersion = 1;

    [JsonIgnore] public int Preconditions => Rules.Count(r => r.Domain is not null);
    [JsonIgnore] public IEnumerable<LearnedRule> NeverCalled => Rules.Where(r => r.NeverCall is not null);
}

/// <summary>
/// One learned rule: either a <see cref="Domain"/> for <see cref="Parameter"/> of <see cref="Function"/> (what calls
/// must stay inside), or <see cref="NeverCall"/> (a reason: no argument makes the call survivable). <see cref="Why"/>
/// says it in words; <see cref="Evidence"/> shows it.
/// </summary>
public sealed record LearnedRule(string Function, string? Parameter, ArgumentDomain? Domain, string? NeverCall, string Why, RuleEvidence Evidence);

/// <summary>The program (text form) whose last call failed, how (<see cref="Outcome"/>: the signal, or a hang), and
/// the same program with the one argument changed that survived (null for a never-call rule).</summary>
public sealed record RuleEvidence(string Failing, string Outcome, string? Surviving);
