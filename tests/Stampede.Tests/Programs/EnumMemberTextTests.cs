using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

/// <summary>
/// An enum member whose name is a word of the text form (<c>null</c>, <c>out</c>, <c>nan</c>, <c>inf</c>, a handle
/// <c>rN</c>) would print as that word and read back as something else; generation never passes such a member by name.
/// </summary>
public class EnumMemberTextTests
{
    [TestCase("inf")]
    [TestCase("nan")]
    [TestCase("null")]
    [TestCase("out")]
    [TestCase("r1")]
    [TestCase("r01")]
    public void AMemberNamedLikeAWordOfTheTextIsNeverPassedByName(string word)
    {
        var kv = TestModels.KvStore;
        var status = kv.Enums.Single();
        var renamed = status with { Members = [.. status.Members.Select(m => m.Name == "KV_OK" ? m with { Name = word } : m)] };
        var model = kv with { Enums = [renamed] };
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
}
