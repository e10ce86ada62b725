using System.Text;
using Stampede.Model.Programs;
using Stampede.SelfFuzz;

namespace Stampede.Tests.SelfFuzz;

/// <summary>
/// The self-fuzz targets run in-process, without AFL++: their seeds and a few hundred mutations of them keep every
/// contract, so CI catches a target that broke (or a regression of the code it fuzzes) without running afl-fuzz.
/// </summary>
public class SelfFuzzTargetTests
{
    private const int Seed = 20260808;
    private const int Mutations = 400;

    [TestCase("parser")]
    [TestCase("decoder")]
    [TestCase("mutator")]
    [TestCase("api")]
    [TestCase("corpus")]
    public void SeedsAndTheirMutationsKeepTheContract(string name)
    {
        TestContext.Out.WriteLine($"mutations from seed {Seed}");
        var target = SelfFuzzTargets.Create(name, SampleModels.Bundled);
        using var scratch = target as IDisposable;
        var seeds = target.Seeds().Select(s => s.Bytes).ToList();
        var tokens = target.DictionaryTokens().Select(Encoding.UTF8.GetBytes).ToList();
        Assert.That(seeds, Is.Not.Empty);
        foreach (var seed in seeds) RunOrFail(target, seed);
        var random = new Random(Seed);
        for (var k = 0; k < Mutations; k++)
            RunOrFail(target, Mutate(seeds[random.Next(seeds.Count)], tokens, random));
    }

    /// <summary>The targets whose mutations broke a contract on bugs found for issue 15 (docs/self-fuzzing.md, "Found
    /// for issue 15"): these guard the fixes.</summary>
    [TestCase("options")]
    [TestCase("protocol")]
    [TestCase("evidence")]
    [TestCase("signatures")]
    [TestCase("markdown")]
    public void MutationsKeepTheContract(string name) => SeedsAndTheirMutationsKeepTheContract(name);

    [Test]
    public void ARoundTripThatLosesTheProgramIsAViolation()
    {
        // A library name the text form cannot hold: it prints, but does not read back.
        var program = new ConcurrentProgram("two words", [], [new ProgramThread([])]);
        Assert.Throws<ContractViolation>(() => RoundTrip.Check(program));
    }

    [Test]
    public void AnUnknownTargetIsRefusedWithTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => SelfFuzzTargets.Create("parsre", SampleModels.Bundled))!;
        Assert.That(e.Message, Does.Contain("Available targets are: parser, decoder, mutator, api, options, corpus, protocol, evidence, signatures, markdown"));
    }

    private static void RunOrFail(ISelfFuzzTarget target, byte[] input)
    {
        try { target.Run(input); }
        catch (Exception e) { throw new AssertionException($"{target.Name} broke on input {Convert.ToHexString(input)}: {e}"); }
    }

    /// <summary>AFL-like havoc, a few steps of it: flip, overwrite, insert or delete bytes, or splice in a token.</summary>
    private static byte[] Mutate(byte[] seed, IReadOnlyList<byte[]> tokens, Random random)
    {
        var bytes = seed.ToList();
        for (var steps = random.Next(1, 5); steps > 0; steps--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(tokens.Count > 0 ? 5 : 4))
            {
                case 0 when at < bytes.Count: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1 when at < bytes.Count: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 4)).Select(_ => (byte)random.Next(256))); break;
                case 3 when at < bytes.Count: bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at)); break;
                case 4: bytes.InsertRange(at, tokens[random.Next(tokens.Count)]); break;
            }
        }
        return [.. bytes];
    }
}
