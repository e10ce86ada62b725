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

        var cut = new ByteChoiceSource(new byte[] { 7, 0x34 });
        Assert.That(cut.Choose(10), Is.EqualTo(7));
        Assert.That(cut.Choose(1000), Is.EqualTo(0), "a choice whose bytes the end cuts off is 0, not half a number");
    }

    /// <summary>Why decoding reads fixed records: the calls a record decides depend on the records before it and on
    /// nothing after, so AFL++'s mutation of one record never reshuffles the calls before it, and the program of a
    /// prefix of the bytes is a prefix of the program (per thread, and setup).</summary>
    [TestCase("kvstore")]
    [TestCase("objcache")]
    public void A_prefix_of_the_records_decodes_to_a_prefix_of_the_program(string library)
    {
        var generator = new ProgramGenerator(TestModels.ByName(library));
        var random = new Random(Seed);
        for (var k = 0; k < 300; k++)
        {
            var bytes = new byte[random.Next(4, 4 + 16 * 20)];
            random.NextBytes(bytes);
            var whole = generator.Decode(bytes);
            var cut = random.Next(0, bytes.Length);
            var prefix = generator.Decode(bytes.AsMemory(0, 4 + (Math.Max(0, cut - 4) / 16) * 16));
            Assert.That(prefix.Threads, Has.Count.EqualTo(whole.Threads.Count), "the header alone sets the threads");
            Assert.That(whole.Setup.Take(prefix.Setup.Count), Is.EqualTo(prefix.Setup), $"bytes {Convert.ToHexString(bytes)}, cut {cut}");
            for (var t = 0; t < whole.Threads.Count; t++)
                Assert.That(whole.Threads[t].Calls.Take(prefix.Threads[t].Calls.Count), Is.EqualTo(prefix.Threads[t].Calls),
                    $"bytes {Convert.ToHexString(bytes)}, cut {cut}, thread {t}");
        }
    }

    [Test]
    public void Records_past_the_last_one_that_counts_change_nothing()
    {
        var generator = new ProgramGenerator(TestModels.KvStore);
        var bytes = new byte[4 + 16 * 70];
        new Random(Seed).NextBytes(bytes);
        var counted = 4 + 16 * 64;
        Assert.That(generator.Decode(bytes), Is.EqualTo(generator.Decode(bytes.AsMemory(0, counted))));
        Assert.That(generator.Decode(bytes), Is.Not.EqualTo(generator.Decode(bytes.AsMemory(0, counted - 16))));
    }
}
