using System.Text;
using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.SelfFuzz;

/// <summary>
/// The program text reader. Contract: any text either parses, or throws <see cref="ProgramTextException"/>. A
/// parsed program prints and reads back as the same program, and prints the same text again; the validator either
/// accepts it or rejects it with <see cref="ProgramValidationException"/>; and reading with the model agrees with
/// both (the same program when valid, a <see cref="ProgramTextException"/> when not).
/// </summary>
public sealed class ParserTarget(SampleModels models) : ISelfFuzzTarget
{
    /// <summary>Every construct of the grammar once; it need not validate.</summary>
    private const string EverySyntax =
        "# stampede program v1\n# a comment\nlibrary lab\nsetup:\n  lab_create(out r0, \"a\\\"b\\\\c\\n\\r\\t\\x01 \u00fc\")\n" +
        "thread 0:\n  r1 = lab_open(null, -1, 0xff, 18446744073709551615)\n  lab_write(r0, x\"00ff10\", buf[64], 3)\n" +
        "  lab_mask(LAB_A|LAB_C, KV_OK)\n  lab_scale(1.5, -0.0, 1E+300, nan, inf, -inf, 5E-324)\nthread 1:\n\tf( r1 ,r0 )  \r\n";

    public string Name => "parser";

    public IReadOnlyList<string> Instrumented => [Assemblies.Of<Stampede.Model.Api.ApiModel>()];

    public string Contract =>
        "any text parses or throws ProgramTextException; a parsed program round-trips through print and parse, " +
        "and validation accepts it or throws ProgramValidationException";

    public void Run(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        ConcurrentProgram program;
        try { program = ProgramText.Parse(text); }
        catch (ProgramTextException)
        {
            ExpectTextError(text, models.Default, "a text the syntax rejects");
            return;
        }
        RoundTrip.Check(program);
        var model = models.For(program.Library);
        var errors = ProgramValidator.Validate(program, model);
        try
        {
            ProgramValidator.EnsureValid(program, model);
            if (errors.Count > 0) throw new ContractViolation($"EnsureValid accepted a program with {errors.Count} error(s): {errors[0]}");
        }
        catch (ProgramValidationException) when (errors.Count > 0) { }
        if (errors.Count > 0)
        {
            ExpectTextError(text, model, "a program the validator rejects");
            return;
        }
        if (ProgramText.Parse(text, model) != program)
            throw new ContractViolation("reading with the model gave another program than reading the syntax alone");
    }

    private static void ExpectTextError(string text, ApiModel model, string what)
    {
        try { ProgramText.Parse(text, model); }
        catch (ProgramTextException) { return; }
        throw new ContractViolation($"reading with the model accepted {what}");
    }

    public IEnumerable<SeedInput> Seeds()
    {
        foreach (var model in models.All)
        {
            var generator = new ProgramGenerator(model);
            for (var seed = 1; seed <= 6; seed++)
                yield return new SeedInput($"{model.Library}-{seed}.txt", Encoding.UTF8.GetBytes(ProgramText.Print(generator.Generate(seed))));
        }
        yield return new SeedInput("every-syntax.txt", Encoding.UTF8.GetBytes(EverySyntax));
    }

    public IEnumerable<string> DictionaryTokens() =>
    [
        ProgramText.Header, "library ", "setup:", "thread 0:", "thread 1:", "thread 10:", " = ", "out ", "r0", "r1", "r01",
        "buf[", "]", "x\"", "null", "nan", "inf", "-inf", "0x", "E+", "E-", "\\x", "\\\"", "\\\\", "|", ", ", "(", ")", "#",
        .. models.All.Select(m => m.Library),
        .. models.All.SelectMany(m => m.Functions).Select(f => f.Name),
        .. models.All.SelectMany(m => m.Enums).SelectMany(e => e.Members).Select(m => m.Name),
    ];
}
