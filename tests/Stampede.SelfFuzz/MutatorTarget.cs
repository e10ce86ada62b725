using Stampede.Model.Programs;

namespace Stampede.SelfFuzz;

/// <summary>
/// Mutation, driven by bytes as the decoder is. The first byte picks a sample model; the rest is one stream of
/// choices: generation takes what it needs, then up to <see cref="Rounds"/> mutations take the rest (an exhausted
/// stream answers 0). Contract: mutation never throws on a valid program and returns a valid program that
/// round-trips through the text form.
/// </summary>
public sealed class MutatorTarget(SampleModels models) : ISelfFuzzTarget
{
    /// <summary>Mutations in a row: enough for one to work on another's result (a call inserted, then moved).</summary>
    private const int Rounds = 4;

    private readonly (ProgramGenerator Generator, ProgramMutator Mutator)[] _pairs =
        models.All.Select(m => (new ProgramGenerator(m), new ProgramMutator(m))).ToArray();

    public string Name => "mutator";

    public IReadOnlyList<string> Instrumented => [Assemblies.Of<Stampede.Model.Api.ApiModel>()];

    public string Contract => "mutating a valid program never throws and gives a valid program that round-trips through print and parse";

    public void Run(ReadOnlySpan<byte> input)
    {
        var (generator, mutator) = _pairs[input.IsEmpty ? 0 : input[0] % _pairs.Length];
        var choices = new ByteChoiceSource(input.IsEmpty ? ReadOnlyMemory<byte>.Empty : input[1..].ToArray());
        var program = generator.Generate(choices);
        for (var round = 0; round < Rounds; round++)
        {
            program = mutator.Mutate(program, choices).Program;
            var errors = ProgramValidator.Validate(program, generator.Model);
            if (errors.Count > 0)
                throw new ContractViolation($"mutation gave an invalid program: {errors[0]}\n{ProgramText.Print(program)}");
            RoundTrip.Check(program, generator.Model);
        }
    }

    /// <summary>The decoder's seeds do: the input is the same kind of byte stream.</summary>
    public IEnumerable<SeedInput> Seeds() => new DecoderTarget(models).Seeds();

    public IEnumerable<string> DictionaryTokens() => [];
}
