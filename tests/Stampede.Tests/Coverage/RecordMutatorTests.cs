using Stampede.Worker.Afl;
using System.Runtime.InteropServices;
using Stampede.Campaigns.Afl;
using Stampede.Model.Programs;
using Stampede.Tests.Programs;

namespace Stampede.Tests.Coverage;

/// <summary>
/// The AFL++ record mutator (native/aflmutator/records.c), compiled as a campaign compiles it and called through the
/// entry points AFL++ calls: its walks change one decision of one call at a time, through every option, and every
/// output is whole records that decode to a valid program.
/// </summary>
[TestFixture]
[NonParallelizable] // sets the process's native environment
public sealed unsafe class RecordMutatorTests
{
    const int RandomPerVisit = 64, FocusedSteps = 8 * 43;

    [DllImport("libc", SetLastError = true)]
    static extern int setenv(string name, string value, int overwrite);

    string directory = "";
    nint library;
    delegate* unmanaged<void*, uint, void*> init;
    delegate* unmanaged<void*, byte*, nuint, uint> count;
    delegate* unmanaged<void*, byte*, nuint, byte**, byte*, nuint, nuint, nuint> fuzz;
    delegate* unmanaged<void*, void> deinit;
    ProgramGenerator generator = null!;

    [OneTimeSetUp]
    public void Compile()
    {
        directory = Directory.CreateTempSubdirectory("stampede-mutator-").FullName;
        string path = RecordMutator.Prepare(directory);
        var written = File.GetLastWriteTimeUtc(path);
        Assert.That(RecordMutator.Prepare(directory), Is.EqualTo(path));
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(written), "an unchanged source is not compiled again");

        generator = AflDecoding.Current(4).Generator(TestModels.KvStore);
        Assert.That(setenv(RecordMutator.LayoutVariable, RecordMutator.Layout(generator), 1), Is.Zero);
        library = NativeLibrary.Load(path);
        init = (delegate* unmanaged<void*, uint, void*>)NativeLibrary.GetExport(library, "afl_custom_init");
        count = (delegate* unmanaged<void*, byte*, nuint, uint>)NativeLibrary.GetExport(library, "afl_custom_fuzz_count");
        fuzz = (delegate* unmanaged<void*, byte*, nuint, byte**, byte*, nuint, nuint, nuint>)NativeLibrary.GetExport(library, "afl_custom_fuzz");
        deinit = (delegate* unmanaged<void*, void>)NativeLibrary.GetExport(library, "afl_custom_deinit");
    }

    [OneTimeTearDown]
    public void Unload()
    {
        if (library != 0) NativeLibrary.Free(library);
        Directory.Delete(directory, recursive: true);
    }

    uint Count(void* mutator, byte[] input)
    {
        fixed (byte* p = input) return count(mutator, p, (nuint)input.Length);
    }

    byte[] Fuzz(void* mutator, byte[] input, byte[] other)
    {
        fixed (byte* p = input)
        fixed (byte* q = other)
        {
            byte* output;
            nuint length = fuzz(mutator, p, (nuint)input.Length, &output, q, (nuint)other.Length, 1 << 20);
            return new ReadOnlySpan<byte>(output, (int)length).ToArray();
        }
    }

    [Test]
    public void A_kept_input_walks_every_thread_and_function_of_every_call_then_the_call_a_step_changed()
    {
        void* mutator = init(null, 1);
        try
        {
            var (_, input) = generator.GenerateEncoded(7);
            int records = (input.Length - CallRecords.HeaderSize) / CallRecords.RecordSize;
            int threads = CallRecords.ThreadOptions(generator), functions = CallRecords.FunctionOptions(generator);
            int steps = records * (threads + functions);
            Assert.That(Count(mutator, input), Is.EqualTo(steps + RandomPerVisit), "a seed (no change known) walks its calls' thread and function");

            var seen = new HashSet<(int Record, int Offset, byte Value)>();
            byte[] walked = [];
            for (int k = 0; k < steps; k++)
            {
                walked = Fuzz(mutator, input, input);
                Assert.That(walked, Has.Length.EqualTo(input.Length));
                var changed = Enumerable.Range(0, input.Length).Where(i => walked[i] != input[i]).ToArray();
                Assert.That(changed, Has.Length.AtMost(1), $"step {k} changes one decision");
                foreach (int i in changed)
                {
                    int offset = (i - CallRecords.HeaderSize) % CallRecords.RecordSize;
                    Assert.That(i, Is.GreaterThanOrEqualTo(CallRecords.HeaderSize));
                    Assert.That(offset, Is.LessThan(2), "the walk of a seed changes a call's thread or function only");
                    seen.Add(((i - CallRecords.HeaderSize) / CallRecords.RecordSize, offset, walked[i]));
                }
                Assert.DoesNotThrow(() => generator.Decode(walked));
            }
            for (int r = 0; r < records; r++)
                for (int f = 0; f < functions; f++)
                    Assert.That(seen.Contains((r, 1, (byte)f)) || input[CallRecords.HeaderSize + r * CallRecords.RecordSize + 1] == f,
                        $"call {r} was made function {f}");

            // The last step changed the last call: kept, that output walks the call's first bytes through every value first.
            Assert.That(Count(mutator, walked), Is.EqualTo(FocusedSteps + steps + RandomPerVisit));
        }
        finally { deinit(mutator); }
    }

    [Test]
    public void Random_changes_keep_whole_records_that_decode()
    {
        void* mutator = init(null, 2);
        try
        {
            var (_, input) = generator.GenerateEncoded(3);
            var (_, other) = generator.GenerateEncoded(4);
            int walk = (int)Count(mutator, input) - RandomPerVisit;
            for (int k = 0; k < walk; k++) Fuzz(mutator, input, other);
            var lengths = new HashSet<int>();
            for (int k = 0; k < 2000; k++)
            {
                var output = Fuzz(mutator, input, other);
                Assert.That((output.Length - CallRecords.HeaderSize) % CallRecords.RecordSize, Is.Zero, "whole records");
                Assert.That(output.Length, Is.LessThanOrEqualTo(CallRecords.HeaderSize + CallRecords.MaxRecords * CallRecords.RecordSize));
                lengths.Add(output.Length);
                Assert.DoesNotThrow(() => generator.Decode(output));
            }
            Assert.That(lengths, Has.Count.GreaterThan(2), "calls are copied and deleted, not only changed");
        }
        finally { deinit(mutator); }
    }
}
