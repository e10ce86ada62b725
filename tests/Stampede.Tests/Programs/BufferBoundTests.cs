using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

/// <summary>A <c>buf[N]</c> is zeroed memory allocated on every call of every repetition: a seed asking for 2 GB made
/// the worker spend its hang limit zeroing, a false hang finding. Buffers are bounded by one constant.</summary>
public class BufferBoundTests
{
    private const string Kv = "# stampede program v1\nlibrary kvstore\nsetup:\n  r0 = kv_open(\"a\")\nthread 0:\n";

    [Test]
    public void AHugeBufferIsRejectedAtItsLineAndColumn()
    {
        var text = Kv + "  kv_get(r0, \"k\", buf[2000000000], 16)\n";
        var e = Assert.Throws<ProgramTextException>(() => ProgramText.Parse(text, TestModels.KvStore, "seed.txt"))!;
        Assert.That((e.Line, e.Column), Is.EqualTo((6, 19)), e.Message);
        Assert.That(e.Reason, Is.EqualTo($"buf[2000000000] is larger than the {ProgramValidator.MaxBufferSize} bytes a buffer may have"));
    }

    [Test]
    public void ABufferAtTheBoundIsValid()
    {
        var text = Kv + $"  kv_get(r0, \"k\", buf[{ProgramValidator.MaxBufferSize}], 16)\n";
        Assert.That(ProgramValidator.Validate(ProgramText.Parse(text), TestModels.KvStore), Is.Empty);
    }

    [Test]
    public void GenerationCannotBeToldToPassLargerBuffers()
    {
        var options = new GenerationOptions { MaxBufferSize = ProgramValidator.MaxBufferSize + 1 };
        Assert.Throws<ArgumentException>(() => new ProgramGenerator(TestModels.KvStore, options));
        Assert.Throws<ArgumentException>(() => new ProgramMutator(TestModels.KvStore, options));
    }

    /// <summary>A header whose size constant is past the bound (buffer sizes are drawn from the constants too), with
    /// generation allowed the largest buffers there are: decoded and mutated programs still stay within the bound.</summary>
    [Test]
    public void DecodedAndMutatedProgramsStayWithinTheBound()
    {
        const int seed = 15;
        var model = TestModels.KvStore with
        {
            Constants = [new ApiConstant("KV_HUGE", "int", "2000000000"), new ApiConstant("KV_EDGE", "int", $"{ProgramValidator.MaxBufferSize + 1}")],
        };
        var options = new GenerationOptions { MaxBufferSize = ProgramValidator.MaxBufferSize };
        var generator = new ProgramGenerator(model, options);
        var mutator = new ProgramMutator(model, options);
        var random = new Random(seed);
        var choices = new RandomChoiceSource(seed);
        var largest = 0;
        for (var k = 0; k < 300; k++)
        {
            var bytes = new byte[random.Next(0, 256)];
            random.NextBytes(bytes);
            var program = generator.Decode(bytes);
            for (var step = 0; step < 5; step++) program = mutator.Mutate(program, choices).Program;
            foreach (var (_, call) in program.AllCalls())
                foreach (var b in call.Arguments.OfType<OutputBufferArgument>()) largest = Math.Max(largest, b.Size);
        }
        Assert.That(largest, Is.InRange(1, ProgramValidator.MaxBufferSize));
    }
}
