using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

/// <summary>A seed program's recorded choices are bytes that decode to the same program: the seeds an AFL++
/// campaign starts from are exactly the programs they stand for.</summary>
public sealed class RecordingChoiceSourceTests
{
    static IEnumerable<TestCaseData> Models() =>
    [
        new TestCaseData(TestModels.KvStore).SetArgDisplayNames("kvstore"),
        new TestCaseData(TestModels.ObjCache).SetArgDisplayNames("objcache"),
        new TestCaseData(TestModels.Lab).SetArgDisplayNames("lab"),
    ];

    [TestCaseSource(nameof(Models))]
    public void Recorded_bytes_decode_to_the_program_the_seed_generates(ApiModel model)
    {
        var generator = new ProgramGenerator(model);
        for (int seed = 1; seed <= 300; seed++)
        {
            var (program, bytes) = generator.GenerateEncoded(seed);
            Assert.That(generator.GenerateEncoded(seed).Bytes, Is.EqualTo(bytes), $"seed {seed}: the same seed, the same bytes");
            Assert.That(ProgramText.Print(generator.Decode(bytes)), Is.EqualTo(ProgramText.Print(program)), $"seed {seed}");
        }
    }

    [Test]
    public void Choices_are_written_in_the_width_the_byte_source_reads()
    {
        var recording = new RecordingChoiceSource(new ScriptedChoices([3, 300, 0, 0], 0x0102030405060708));
        Assert.That(recording.Choose(10), Is.EqualTo(3));
        Assert.That(recording.Choose(1000), Is.EqualTo(300));
        Assert.That(recording.Bits64(), Is.EqualTo(0x0102030405060708));
        Assert.That(recording.Choose(1), Is.EqualTo(0), "a choice of one option consumes nothing");
        Assert.That(recording.Choose(70000), Is.EqualTo(0));
        Assert.That(recording.Recorded, Is.EqualTo(new byte[] { 3, 0x2c, 0x01, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0 }));

        var replay = new ByteChoiceSource(recording.Recorded.ToArray());
        Assert.That((replay.Choose(10), replay.Choose(1000), replay.Bits64(), replay.Choose(1), replay.Choose(70000)),
            Is.EqualTo((3, 300, 0x0102030405060708L, 0, 0)));
    }

    /// <summary>Answers the given choices in turn (each must fit the range asked), and one fixed 64-bit value.</summary>
    sealed class ScriptedChoices(int[] choices, long bits) : IChoiceSource
    {
        int next;

        public int Choose(int count) => count == 1 ? 0 : choices[next++];

        public long Bits64() => bits;
    }
}
