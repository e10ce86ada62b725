using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

/// <summary>Enum arguments that generation makes from unusual models: programs stay valid and readable.</summary>
public class EnumArgumentTests
{
    /// <summary>A member whose name is a word of the text form (<c>null</c>, <c>out</c>, <c>nan</c>, <c>inf</c>, a
    /// handle <c>rN</c>) would print as that word and read back as something else.</summary>
    [TestCase("inf")]
    [TestCase("nan")]
    [TestCase("null")]
    [TestCase("out")]
    [TestCase("r1")]
    [TestCase("r01")]
    public void AMemberNamedLikeAWordOfTheTextIsNeverPassedByName(string word)
    {
        var model = WithMember(m => m.Name == "KV_OK" ? m with { Name = word } : m);
        var generator = new ProgramGenerator(model);
        var arguments = new List<Argument>();
        for (var seed = 0; seed < 300; seed++)
        {
            var program = generator.Generate(seed);
            ProgramChecks.AssertSound(program, model);
            arguments.AddRange(program.AllCalls().Where(c => c.Call.Function == "kv_strerror").Select(c => c.Call.Arguments[0]));
        }
        Assert.That(arguments, Has.None.EqualTo(new EnumArgument([word])));
        Assert.That(arguments, Does.Contain(new EnumArgument(["KV_ETRUNC"])), "the other members are still passed by name");
    }

    /// <summary>One in 16 enum arguments is a value no member has; one past a member at the edge of the parameter's
    /// width does not fit it, and generation threw ProgramValidationException.</summary>
    [TestCase(0xFFFFFFFFL)]
    [TestCase(long.MaxValue)]
    public void AMemberAtTheEdgeOfItsWidthLeavesTheUnnamedValueInRange(long value)
    {
        var model = WithMember(m => m.Name == "KV_OK" ? m with { Value = value } : m);
        var generator = new ProgramGenerator(model);
        var unnamed = new List<long>();
        for (var seed = 0; seed < 500; seed++)
        {
            var program = generator.Generate(seed);
            ProgramChecks.AssertSound(program, model);
            unnamed.AddRange(program.AllCalls().Where(c => c.Call.Function == "kv_strerror").Select(c => c.Call.Arguments[0]).OfType<IntegerArgument>().Select(a => a.Value));
        }
        Assert.That(unnamed, Does.Contain(-4L), "one below the smallest member, KV_ETRUNC (-3)");
    }

    private static ApiModel WithMember(Func<ApiEnumMember, ApiEnumMember> change)
    {
        var kv = TestModels.KvStore;
        var status = kv.Enums.Single();
        return kv with { Enums = [status with { Members = [.. status.Members.Select(change)] }] };
    }
}
