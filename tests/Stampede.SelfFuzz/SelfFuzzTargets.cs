namespace Stampede.SelfFuzz;

/// <summary>The targets by name; adding one is a class and a line in each member here (docs/self-fuzzing.md).</summary>
public static class SelfFuzzTargets
{
    /// <summary>Known without touching Stampede.Model: under afl-fuzz the instrumented assembly may run only once
    /// SharpFuzz has attached its coverage map, inside the fuzzed action.</summary>
    public static IReadOnlyList<string> Names { get; } = ["parser", "decoder", "mutator", "api", "options", "corpus", "protocol", "evidence", "signatures", "markdown"];

    public static ISelfFuzzTarget Create(string name, SampleModels models) => name switch
    {
        "parser" => new ParserTarget(models),
        "decoder" => new DecoderTarget(models),
        "mutator" => new MutatorTarget(models),
        "api" => new ApiModelTarget(models),
        "options" => new OptionsTarget(),
        "corpus" => new CorpusTarget(),
        "protocol" => new ProtocolTarget(),
        "evidence" => new EvidenceTarget(unknownFramesRefused: false),
        "signatures" => new EvidenceTarget(unknownFramesRefused: true),
        "markdown" => new MarkdownTarget(),
        _ => throw new ArgumentException($"target '{name}' is invalid. Available targets are: {string.Join(", ", Names)}", nameof(name)),
    };
}
