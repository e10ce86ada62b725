using Stampede.Model.Programs;

namespace Stampede.SelfFuzz;

/// <summary>
/// The byte decoder AFL-style engines drive generation with. The first byte picks a sample model, the rest are
/// decoded. Contract: decoding is total (any byte string gives a program, no exception), the program validates,
/// round-trips through the text form read with the model, and its teardown can be listed.
/// </summary>
public sealed class DecoderTarget(SampleModels models) : ISelfFuzzTarget
{
    private readonly ProgramGenerator[] _generators = models.All.Select(m => new ProgramGenerator(m)).ToArray();

    public string Name => "decoder";

    public IReadOnlyList<string> Instrumented => [Assemblies.Of<Stampede.Model.Api.ApiModel>()];

    public string Contract =>
        "any byte string decodes to a program that validates and round-trips through print and parse";

    public void Run(ReadOnlySpan<byte> input)
    {
        var generator = _generators[input.IsEmpty ? 0 : input[0] % _generators.Length];
        var program = generator.Decode(input.IsEmpty ? ReadOnlyMemory<byte>.Empty : input[1..].ToArray());
        var errors = ProgramValidator.Validate(program, generator.Model);
        if (errors.Count > 0)
            throw new ContractViolation($"decoding gave an invalid program: {errors[0]}\n{ProgramText.Print(program)}");
        RoundTrip.Check(program, generator.Model);
        _ = ProgramTeardown.Calls(program, generator.Model);
    }

    public IEnumerable<SeedInput> Seeds()
    {
        var random = new Random(8);
        for (var m = 0; m < _generators.Length; m++)
            foreach (var length in new[] { 0, 16, 64, 512 })
            {
                var bytes = new byte[1 + length];
                random.NextBytes(bytes);
                bytes[0] = (byte)m;
                yield return new SeedInput($"{_generators[m].Model.Library}-{length}.bin", bytes);
            }
    }

    /// <summary>None: the input has no syntax, every byte is a choice.</summary>
    public IEnumerable<string> DictionaryTokens() => [];
}
