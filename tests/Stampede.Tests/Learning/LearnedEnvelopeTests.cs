using Stampede.Harnesses.Preconditions;
using Stampede.Model.Api;
using Stampede.Model.Programs;
using Stampede.Tests.Programs;

namespace Stampede.Tests.Learning;

/// <summary>Generation stays inside learned preconditions: thousands of programs from fixed seeds, none outside.</summary>
[TestFixture]
public sealed class LearnedEnvelopeTests
{
    const int Programs = 3000;

    static readonly ApiModel Unlearned = TestModels.Lab with
    {
        Functions = [.. TestModels.Lab.Functions, new ApiFunction(TestModels.Lab.Functions.Count, "lab_format",
            new ApiReturn("char *", AbiKind.Ptr, ReturnRole.StringToCopy, "test"),
            [new ApiParameter("out", "char *", AbiKind.Ptr, ParameterRole.StringOut, "test")], "test")],
    };

    static readonly LearnedRule[] Rules =
    [
        Rule("lab_format", "out", new ArgumentDomain(MinSize: 26, Writable: true)),
        Rule("lab_parse", "text", new ArgumentDomain(NotNull: true)),
        Rule("lab_parse", "out", new ArgumentDomain(MinSize: 100)),
        Rule("lab_byte", "b", new ArgumentDomain(Max: 10)),
        Rule("lab_scale", null, null, neverCall: "kills the worker"),
    ];

    static LearnedRule Rule(string function, string? parameter, ArgumentDomain? domain, string? neverCall = null) =>
        new(function, parameter, domain, neverCall, "test", new RuleEvidence("", "SIGSEGV", null));

    static List<(string Function, Argument Argument, string Parameter)> Arguments(ApiModel model)
    {
        var generator = new ProgramGenerator(model);
        var found = new List<(string, Argument, string)>();
        for (int seed = 0; seed < Programs; seed++)
            foreach (var (_, call) in generator.Generate(seed).AllCalls())
            {
                var f = model.Function(call.Function)!;
                for (int i = 0; i < call.Arguments.Count; i++) found.Add((f.Name, call.Arguments[i], f.Parameters[i].Name));
            }
        return found;
    }

    static bool Outside((string Function, Argument Argument, string Parameter) a) => a switch
    {
        ("lab_format", var x, "out") => x is not OutputBufferArgument { Size: >= 26 },
        ("lab_parse", var x, "text") => x is NullArgument,
        ("lab_parse", var x, "out") => x is not OutputBufferArgument { Size: >= 100 },
        ("lab_byte", IntegerArgument { Value: var v }, "b") => v > 10,
        ("lab_scale", _, _) => true,
        _ => false,
    };

    [Test]
    public void GeneratedProgramsStayInsideLearnedRules()
    {
        var learned = PreconditionsFile.Apply(Unlearned, Rules);
        var arguments = Arguments(learned);
        Assert.Multiple(() =>
        {
            Assert.That(arguments.Where(Outside).Select(a => $"{a.Function}({a.Parameter}={a.Argument})").Distinct().Take(5), Is.Empty);
            // Not vacuous: the functions are still called, and the same seeds without the rules step outside them.
            foreach (var f in new[] { "lab_format", "lab_parse", "lab_byte" })
                Assert.That(arguments.Count(a => a.Function == f), Is.GreaterThan(100), f);
            Assert.That(Arguments(Unlearned).Where(Outside).Select(a => (a.Function, a.Parameter)).Distinct().Count(), Is.EqualTo(5));
        });
    }
}
