namespace Stampede.Sanitizers;

/// <summary>
/// One sanitizer report, parsed. <see cref="Tool"/>: <c>thread</c>, <c>address</c>, <c>undefined</c> (also <c>memory</c>,
/// <c>leak</c>); <see cref="Kind"/>: see <see cref="ReportKinds"/>; <see cref="Headline"/>: the words after the tool's name.
/// <list type="bullet">
/// <item><see cref="Accesses"/>: for a race the two conflicting accesses (current first, then the previous one); for
/// AddressSanitizer the bad access (a double free's second <c>free</c>); for UBSan the error site.</item>
/// <item><see cref="Location"/>: the global's name, or the heap block's size and allocation.</item>
/// <item><see cref="Free"/>, <see cref="Allocation"/>: where the block was freed and allocated (AddressSanitizer; for a
/// ThreadSanitizer heap race the allocation is also here).</item>
/// <item><see cref="Locks"/>, <see cref="Mutexes"/>: a lock-order inversion's acquisitions and the mutexes of its cycle.</item>
/// <item><see cref="Threads"/>: the threads the report describes, with where they were created.</item>
/// <item><see cref="OtherSections"/>: every part that was not understood (register dumps, shadow bytes, new sections of
/// a newer runtime), kept as raw text; <see cref="Text"/>: the report's lines as printed.</item>
/// </list>
/// </summary>
public sealed record SanitizerReport(
    string Tool, string Kind, string Headline, int? Pid,
    IReadOnlyList<SanitizerAccess> Accesses,
    SanitizerLocation? Location,
    SanitizerStack? Free,
    SanitizerStack? Allocation,
    IReadOnlyList<LockAcquisition> Locks,
    IReadOnlyList<SanitizerMutex> Mutexes,
    IReadOnlyList<SanitizerThread> Threads,
    string? Summary,
    IReadOnlyList<string> OtherSections,
    string Text)
{
    /// <summary>
    /// The reports in <paramref name="stderr"/>, in order: none when there is none; text around and between them is
    /// ignored. Never throws: a truncated or garbled report yields what could be read (at worst its headline).
    /// </summary>
    public static IReadOnlyList<SanitizerReport> Parse(string? stderr)
    {
        if (string.IsNullOrEmpty(stderr)) return [];
        var reports = new List<SanitizerReport>();
        foreach (var lines in ReportSplitter.Split(stderr))
        {
            SanitizerReport? report;
            try { report = ReportReader.Read(lines); }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
            {
                report = ReportReader.Unreadable(lines);
            }
            if (report is not null) reports.Add(report);
        }
        return reports;
    }

    /// <summary>
    /// Whether an access, free or lock stack has a frame in the target library (its module's file name is
    /// <paramref name="library"/>, or — AddressSanitizer prints symbolized frames without their module — it has a source
    /// file and no module). A report that does not is about the host itself, typically memory the runtime allocated on
    /// one thread and freed on another, synchronized in managed code ThreadSanitizer cannot see: not a finding.
    /// </summary>
    public bool InvolvesLibrary(string library)
    {
        var stacks = Accesses.Select(a => a.Stack).Concat(Locks.Select(l => l.Stack));
        if (Free is not null) stacks = stacks.Append(Free.Frames);
        return stacks.Any(stack => stack.Any(f => f.IsIn(library) || (f.Module is null && f.File is not null)));
    }

    /// <summary>The thread <paramref name="id"/> (<c>T13</c>) as the report describes it, or null.</summary>
    public SanitizerThread? Thread(string? id) => id is null ? null : Threads.FirstOrDefault(t => t.Id == id);

    /// <summary>Every stack of the report, in the order printed, with what it is (<c>access</c>, <c>free</c>, ...).</summary>
    public IEnumerable<(string Role, IReadOnlyList<SanitizerFrame> Frames)> Stacks()
    {
        foreach (var a in Accesses) yield return (a.Previous ? "previous " + a.Operation : a.Operation, a.Stack);
        if (Location is { AllocationStack.Count: > 0 } l && Allocation?.Frames != l.AllocationStack) yield return ("location", l.AllocationStack);
        if (Free is not null) yield return ("free", Free.Frames);
        if (Allocation is not null) yield return ("allocation", Allocation.Frames);
        foreach (var k in Locks) yield return ("lock " + k.Mutex, k.Stack);
        foreach (var m in Mutexes) if (m.CreationStack.Count > 0) yield return ("mutex " + m.Id + " created", m.CreationStack);
        foreach (var t in Threads) yield return ("thread " + t.Id + " created", t.CreationStack);
    }

    /// <summary>The same report with every frame of every stack replaced by <paramref name="map"/>'s result.</summary>
    public SanitizerReport MapFrames(Func<SanitizerFrame, SanitizerFrame> map)
    {
        IReadOnlyList<SanitizerFrame> M(IReadOnlyList<SanitizerFrame> frames) => frames.Select(map).ToArray();
        var allocation = Allocation is null ? null : Allocation with { Frames = M(Allocation.Frames) };
        return this with
        {
            Accesses = Accesses.Select(a => a with { Stack = M(a.Stack) }).ToArray(),
            Location = Location is null ? null
                : Location with { AllocationStack = allocation is not null && ReferenceEquals(Location.AllocationStack, Allocation!.Frames) ? allocation.Frames : M(Location.AllocationStack) },
            Free = Free is null ? null : Free with { Frames = M(Free.Frames) },
            Allocation = allocation,
            Locks = Locks.Select(k => k with { Stack = M(k.Stack) }).ToArray(),
            Mutexes = Mutexes.Select(m => m with { CreationStack = M(m.CreationStack) }).ToArray(),
            Threads = Threads.Select(t => t with { CreationStack = M(t.CreationStack) }).ToArray(),
        };
    }
}
