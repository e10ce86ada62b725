using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

public class DecodingTests
{
    private const int Seed = 20261124;

    [TestCase("kvstore")]
    [TestCase("objcache")]
    [TestCase("lab")]
    public void RandomByteStringsAlwaysDecodeToValidPrograms(string library)
    {
        TestContext.Out.WriteLine($"byte strings from seed {Seed}");
        var model = TestModels.ByName(library);
        var generator = new ProgramGenerator(model);
        var random = new Random(Seed);
        for (var k = 0; k < 2000; k++)
        {
            var bytes = new byte[random.Next(0, k % 10 == 0 ? 2048 : 128)];
            random.NextBytes(bytes);
            ConcurrentProgram program;
            try { program = generator.Decode(bytes); }
            catch (Exception e) { throw new AssertionException($"bytes {Convert.ToHexString(bytes)} threw {e}"); }
            ProgramChecks.AssertSound(program, model, generator.Options);
        }
    }

    [Test]
    public void DecodingIsDeterministicAndTheEmptyStringIsAProgram()
    {
        var generator = new ProgramGenerator(TestModels.KvStore);
        var bytes = Convert.FromHexString("0102030405060708090a0b0c0d0e0f");
        var first = generator.Decode(bytes);
        Assert.That(generator.Decode(bytes), Is.EqualTo(first));
        var empty = generator.Decode(Array.Empty<byte>());
        ProgramChecks.AssertSound(empty, TestModels.KvStore);
        Assert.That(empty.Threads, Has.Count.EqualTo(generator.Options.MinThreads));
    }

    [Test]
    public void AnExhaustedByteSourceAnswersZero()
    {
        var source = new ByteChoiceSource(new byte[] { 7, 0x34, 0x12 });
        Assert.That(source.Choose(10), Is.EqualTo(7));
        Assert.That(source.Choose(1000), Is.EqualTo(0x1234 % 1000));
        Assert.That(source.Choose(5), Is.EqualTo(0));
        Assert.That(source.Bits64(), Is.EqualTo(0));
        Assert.That(source.Consumed, Is.EqualTo(3));
        Assert.That(source.OneIn(4), Is.False, "the rare branch is not the default");
    }
}
