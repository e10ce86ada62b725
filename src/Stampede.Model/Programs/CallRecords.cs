namespace Stampede.Model.Programs;

/// <summary>
/// The byte format a coverage-guided fuzzer's inputs decode by (<see cref="ProgramGenerator.Decode"/>): a header of
/// <see cref="HeaderSize"/> bytes (isolated or shared, how many threads), then fixed records of <see cref="RecordSize"/>
/// bytes, one call each: whose call it is (a thread's, or setup's), which function, then its arguments, every decision
/// read from that record's own bytes (0 past its end). A record's bytes decide that one call and nothing after it,
/// so a byte-level mutation changes one call, and a copied, moved or deleted record is a copied, moved or deleted
/// call. (Generation's own choice stream, read from bytes, had every later decision depend on every earlier one:
/// changing one call's function reshuffled the rest of the program, and AFL++ could not build on a step it had made.)
/// Handles a call needs come from the calls before it or from producer calls made on the spot; the program's strings
/// come from one pool, as in generation. Only the first <see cref="MaxRecords"/> records count.
/// </summary>
public static class CallRecords
{
    public const int HeaderSize = 4, RecordSize = 16, MaxRecords = 64;

    /// <summary>Bumped when the same bytes would decode to another program: inputs saved under another version are stale.</summary>
    public const int Version = 2;

    /// <summary>The options of a record's first byte: each thread, and setup.</summary>
    public static int ThreadOptions(ProgramGenerator generator) => generator.Options.MaxThreads + 1;

    /// <summary>The options of a record's second byte: the functions a call may be of.</summary>
    public static int FunctionOptions(ProgramGenerator generator) => generator.Index.Callable.Count;

    internal static ConcurrentProgram Decode(ResourceIndex index, GenerationOptions options, ReadOnlyMemory<byte> bytes)
    {
        int records = Math.Clamp((bytes.Length - HeaderSize + RecordSize - 1) / RecordSize, 0, MaxRecords);
        return Assemble(index, options, new ByteChoiceSource(Slice(bytes, 0, HeaderSize)), records,
            i => new ByteChoiceSource(Slice(bytes, HeaderSize + i * RecordSize, RecordSize)));
    }

    /// <summary>A program of <paramref name="records"/> calls decided by <paramref name="choices"/>, with the bytes that
    /// decode to it: each part's choices are written down (<see cref="RecordingChoiceSource"/>) and cut off where its
    /// bytes end (<see cref="BudgetedChoiceSource"/>), as decoding reads them.</summary>
    internal static (ConcurrentProgram Program, byte[] Bytes) Encode(
        ResourceIndex index, GenerationOptions options, IChoiceSource choices, int records)
    {
        var parts = new List<(RecordingChoiceSource Recording, int Size)>();
        IChoiceSource Part(int size)
        {
            var recording = new RecordingChoiceSource(new BudgetedChoiceSource(choices, size));
            parts.Add((recording, size));
            return recording;
        }
        var program = Assemble(index, options, Part(HeaderSize), Math.Min(records, MaxRecords), _ => Part(RecordSize));
        // Whole parts, trailing zeros kept: a choice cut off by the end of the bytes reads as 0, not as its first bytes.
        return (program, [.. parts.SelectMany(p => p.Recording.Recorded.Take(p.Size).Concat(new byte[p.Size]).Take(p.Size))]);
    }

    static ConcurrentProgram Assemble(
        ResourceIndex index, GenerationOptions options, IChoiceSource header, int records, Func<int, IChoiceSource> record)
    {
        var source = new SwitchingChoiceSource(header);
        var isolated = options.IsolatedOneIn > 0 && source.OneIn(options.IsolatedOneIn);
        var threadCount = source.Between(options.MinThreads, options.MaxThreads);
        var calls = new CallGenerator(index, source, new ArgumentValues(index, options, source, poolPerThread: isolated));
        var builder = new ProgramBuilder(index, index.Model.Library);
        for (var t = 0; t < threadCount; t++) builder.Threads.Add([]);
        for (var i = 0; i < records && calls.Callable.Count > 0; i++)
        {
            source.Current = record(i);
            // Thread 0 is the plain answer; the last one is setup, whose handles every thread shares (none when isolated).
            var whose = source.Choose(isolated ? threadCount : threadCount + 1);
            calls.TryAdd(builder, whose < threadCount ? whose : null, source.Pick(calls.Callable));
        }
        var program = builder.Build();
        ProgramValidator.EnsureValid(program, index);
        return program;
    }

    static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> bytes, int start, int length) =>
        start >= bytes.Length ? ReadOnlyMemory<byte>.Empty : bytes.Slice(start, Math.Min(length, bytes.Length - start));

    /// <summary>The source of the part being decoded: generation's helpers hold one source for the whole program.</summary>
    sealed class SwitchingChoiceSource(IChoiceSource first) : IChoiceSource
    {
        public IChoiceSource Current { get; set; } = first;

        public int Choose(int count) => Current.Choose(count);

        public long Bits64() => Current.Bits64();
    }
}
