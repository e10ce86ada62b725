using System.Globalization;
using System.Text.RegularExpressions;

namespace Stampede.Sanitizers;

/// <summary>
/// Turns one report's lines into a <see cref="SanitizerReport"/>. The lines are cut into sections: a heading line and
/// the frames under it. Each heading is matched against the sections ThreadSanitizer, AddressSanitizer and UBSan print
/// (clang 19's wording, see docs/sanitizers.md); a section that matches none is kept, raw, in
/// <see cref="SanitizerReport.OtherSections"/>. Lines the symbolizer prints about files it cannot read are dropped, and
/// AddressSanitizer's <c>==PID==</c> prefix is removed.
/// </summary>
static partial class ReportReader
{
    const string Thread = @"(main thread|thread T\d+|T\d+)";

    [GeneratedRegex(@"^(?:==\d+==)?\S*llvm-symbolizer\S*: ")]
    private static partial Regex SymbolizerNoise();

    [GeneratedRegex(@"^==\d+==")]
    private static partial Regex PidPrefix();

    [GeneratedRegex(@"\(pid=(\d+)\)")]
    private static partial Regex PidInHeadline();

    [GeneratedRegex(@"^(Previous )?(Atomic )?(read|write)(?: of size (\d+))? at (0x[0-9a-fA-F]+) by " + Thread + @"(?: \(mutexes: (.*?)\))?:$", RegexOptions.IgnoreCase)]
    private static partial Regex TsanAccess();

    [GeneratedRegex(@"^(READ|WRITE) of size (\d+) at (0x[0-9a-fA-F]+) thread (T\d+)(?: \(.*\))?$")]
    private static partial Regex AsanAccess();

    [GeneratedRegex(@"^The signal is caused by a (READ|WRITE|UNKNOWN) memory access\.?$")]
    private static partial Regex SignalAccess();

    [GeneratedRegex(@"\b(T\d+)\)?:?\s*$")]
    private static partial Regex TrailingThread();

    [GeneratedRegex(@"^Location is global '(.+?)'(?: of size (\d+))? at (0x[0-9a-fA-F]+)(?: \((.*)\))?$")]
    private static partial Regex TsanGlobal();

    [GeneratedRegex(@"^Location is heap block of size (\d+) at (0x[0-9a-fA-F]+) allocated by " + Thread + ":$")]
    private static partial Regex TsanHeap();

    [GeneratedRegex(@"^Location is (stack|TLS) of " + Thread + @"\.?$")]
    private static partial Regex TsanStackOrTls();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+ is located \d+ bytes .*? of (\d+)-byte region")]
    private static partial Regex AsanHeapRegion();

    [GeneratedRegex(@"is located \d+ bytes .*? global variable '(.+?)' defined in '(.+?)'(?: \(0x[0-9a-fA-F]+\))?(?: of size (\d+))?")]
    private static partial Regex AsanGlobal();

    [GeneratedRegex(@"is located in stack of thread (T\d+)")]
    private static partial Regex AsanStack();

    [GeneratedRegex(@"^freed by thread (T\d+)(?: \(.*\))? here:$")]
    private static partial Regex AsanFreed();

    [GeneratedRegex(@"^(?:previously )?allocated by thread (T\d+)(?: \(.*\))? here:$")]
    private static partial Regex AsanAllocated();

    [GeneratedRegex(@"^Mutex (M\d+) acquired here while holding mutex (M\d+) in " + Thread + ":$")]
    private static partial Regex LockEdge();

    [GeneratedRegex(@"^Mutex (M\d+) previously acquired by the same thread here:$")]
    private static partial Regex LockEarlier();

    [GeneratedRegex(@"^Mutex (M\d+) \((0x[0-9a-fA-F]+)\) created at:$")]
    private static partial Regex MutexCreated();

    [GeneratedRegex(@"^Cycle in lock order graph: (.*)$")]
    private static partial Regex Cycle();

    [GeneratedRegex(@"(M\d+) \((0x[0-9a-fA-F]+)\)")]
    private static partial Regex CycleMutex();

    [GeneratedRegex(@"^Thread (T\d+)(?: '([^']*)'| \((?!tid=)([^)]*)\))?(?: \(tid=(\d+), (\w+)\))? created by (.+?) (?:at|here):$")]
    private static partial Regex ThreadCreated();

    sealed record Section(string Heading, List<SanitizerFrame> Frames, List<string> Lines);

    public static SanitizerReport? Read(IReadOnlyList<string> rawLines)
    {
        if (rawLines.Count == 0) return null;
        var lines = rawLines.Where(l => !SymbolizerNoise().IsMatch(l)).ToList();
        string first = lines[0];
        string tool, headline, kind;
        var accesses = new List<SanitizerAccess>();
        var start = ReportSplitter.StartPattern().Match(first);
        SanitizerFrame? ubsanSite = null;
        if (start.Success)
        {
            tool = ReportKinds.ToolOf(start.Groups[1].Value);
            headline = start.Groups[2].Value.Trim();
            kind = ReportKinds.KindOf(headline);
        }
        else
        {
            var ub = ReportSplitter.UbsanPattern().Match(first);
            tool = ReportKinds.Undefined;
            kind = ReportKinds.UndefinedBehavior;
            headline = ub.Success ? ub.Groups[4].Value : first;
            if (ub.Success && !UnknownSymbol.Is(ub.Groups[1].Value))
                ubsanSite = new SanitizerFrame(0, null, null, ub.Groups[1].Value,
                    int.TryParse(ub.Groups[2].Value, CultureInfo.InvariantCulture, out int l) ? l : null,
                    int.TryParse(ub.Groups[3].Value, CultureInfo.InvariantCulture, out int c) ? c : null, null, null);
        }
        var pidMatch = PidInHeadline().Match(first);
        int? pid = pidMatch.Success && int.TryParse(pidMatch.Groups[1].Value, CultureInfo.InvariantCulture, out int p) ? p
            : first.StartsWith("==", StringComparison.Ordinal) && int.TryParse(first[2..Math.Max(2, first.IndexOf("==", 2, StringComparison.Ordinal))], CultureInfo.InvariantCulture, out int p2) ? p2 : null;

        var sections = Sections(lines.Skip(1));
        var headSection = sections.Count > 0 && sections[0].Heading.Length == 0 ? sections[0] : null;

        SanitizerLocation? location = null;
        SanitizerStack? free = null, allocation = null;
        var locks = new List<LockAcquisition>();
        var mutexes = new List<SanitizerMutex>();
        var threads = new List<SanitizerThread>();
        var other = new List<string>();
        string? summary = null;
        string? signalOperation = null;
        string? heapSizeText = null;
        long? heapSize = null;
        string? lastLockThread = null;
        bool previousWasOther = false;

        foreach (var s in sections)
        {
            string h = s.Heading;
            Match m;
            if (h.Length == 0 && s == headSection)
            {
                // Frames right under the headline: the bad access itself (a double free's free, MSan's use, UBSan's stack).
                if (s.Frames.Count > 0)
                    accesses.Add(new SanitizerAccess(HeadlineOperation(kind), null, null, HeadlineThread(headline), false, false, null, s.Frames));
            }
            else if (h.StartsWith("SUMMARY: ", StringComparison.Ordinal))
                summary = h;
            else if ((m = TsanAccess().Match(h)).Success)
                accesses.Add(new SanitizerAccess(m.Groups[3].Value.ToLowerInvariant(), Int(m.Groups[4]), m.Groups[5].Value,
                    ThreadId(m.Groups[6].Value), m.Groups[2].Success, m.Groups[1].Success, m.Groups[7].Success ? m.Groups[7].Value : null, s.Frames));
            else if ((m = AsanAccess().Match(h)).Success)
                accesses.Add(new SanitizerAccess(m.Groups[1].Value.ToLowerInvariant(), Int(m.Groups[2]), m.Groups[3].Value, m.Groups[4].Value,
                    false, false, null, s.Frames));
            else if ((m = SignalAccess().Match(h)).Success)
            {
                signalOperation = m.Groups[1].Value.ToLowerInvariant();
                if (s.Frames.Count > 0)
                    accesses.Add(new SanitizerAccess(signalOperation, null, null, HeadlineThread(headline), false, false, null, s.Frames));
            }
            else if ((m = TsanGlobal().Match(h)).Success)
                location = new SanitizerLocation("global", m.Groups[1].Value, m.Groups[4].Success ? m.Groups[4].Value : null, Long(m.Groups[2]), null, s.Frames, h);
            else if ((m = TsanHeap().Match(h)).Success)
            {
                location = new SanitizerLocation("heap", null, null, Long(m.Groups[1]), ThreadId(m.Groups[3].Value), s.Frames, h);
                allocation = new SanitizerStack(location.Thread, s.Frames);
            }
            else if ((m = TsanStackOrTls().Match(h)).Success)
                location = new SanitizerLocation(m.Groups[1].Value.ToLowerInvariant(), null, null, null, ThreadId(m.Groups[2].Value), s.Frames, h);
            else if (h.StartsWith("Location is ", StringComparison.Ordinal))
                location = new SanitizerLocation("other", null, null, null, null, s.Frames, h);
            else if ((m = AsanGlobal().Match(h)).Success)
                location = new SanitizerLocation("global", m.Groups[1].Value, m.Groups[2].Value, Long(m.Groups[3]), null, [], h);
            else if ((m = AsanHeapRegion().Match(h)).Success)
            {
                heapSize = Long(m.Groups[1]);
                heapSizeText = h;
            }
            else if ((m = AsanStack().Match(h)).Success)
                location = new SanitizerLocation("stack", null, null, null, m.Groups[1].Value, [], h);
            else if ((m = AsanFreed().Match(h)).Success)
                free = new SanitizerStack(m.Groups[1].Value, s.Frames);
            else if ((m = AsanAllocated().Match(h)).Success)
                allocation = new SanitizerStack(m.Groups[1].Value, s.Frames);
            else if ((m = LockEdge().Match(h)).Success)
            {
                lastLockThread = ThreadId(m.Groups[3].Value);
                locks.Add(new LockAcquisition(m.Groups[1].Value, m.Groups[2].Value, lastLockThread, false, s.Frames));
            }
            else if ((m = LockEarlier().Match(h)).Success)
                locks.Add(new LockAcquisition(m.Groups[1].Value, null, lastLockThread, true, s.Frames));
            else if ((m = MutexCreated().Match(h)).Success)
            {
                string id = m.Groups[1].Value;
                int at = mutexes.FindIndex(x => x.Id == id);
                var mutex = new SanitizerMutex(id, m.Groups[2].Value, s.Frames);
                if (at >= 0) mutexes[at] = mutex; else mutexes.Add(mutex);
            }
            else if ((m = Cycle().Match(h)).Success)
            {
                foreach (Match cm in CycleMutex().Matches(m.Groups[1].Value))
                    if (!mutexes.Exists(x => x.Id == cm.Groups[1].Value))
                        mutexes.Add(new SanitizerMutex(cm.Groups[1].Value, cm.Groups[2].Value, []));
            }
            else if ((m = ThreadCreated().Match(h)).Success)
            {
                string? name = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Success ? m.Groups[3].Value : null;
                threads.Add(new SanitizerThread(m.Groups[1].Value, name, Int(m.Groups[4]), m.Groups[5].Success ? m.Groups[5].Value : null,
                    ThreadId(m.Groups[6].Value), s.Frames));
            }
            else if (s.Lines.Count > 0)
            {
                // Consecutive unknown lines (a register dump, the shadow map) stay one section.
                if (previousWasOther) other[^1] += "\n" + string.Join('\n', s.Lines);
                else other.Add(string.Join('\n', s.Lines));
                previousWasOther = true;
                continue;
            }
            previousWasOther = false;
        }

        if (ubsanSite is not null && accesses.Count == 0)
            accesses.Add(new SanitizerAccess("error", null, null, null, false, false, null, [ubsanSite]));
        if (location is null && heapSize is not null)
            location = new SanitizerLocation("heap", null, null, heapSize, allocation?.Thread, allocation?.Frames ?? [], heapSizeText!);
        else if (location is { Kind: "heap", AllocationStack.Count: 0 } && allocation is not null)
            location = location with { Thread = allocation.Thread, AllocationStack = allocation.Frames };

        return new SanitizerReport(tool, kind, headline, pid, accesses, location, free, allocation, locks, mutexes, threads, summary, other,
            string.Join('\n', rawLines));
    }

    /// <summary>A report whose sections could not be read: its headline and raw text only.</summary>
    public static SanitizerReport? Unreadable(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return null;
        var start = ReportSplitter.StartPattern().Match(lines[0]);
        string tool = start.Success ? ReportKinds.ToolOf(start.Groups[1].Value) : ReportKinds.Undefined;
        string headline = start.Success ? start.Groups[2].Value : lines[0];
        string kind = start.Success ? ReportKinds.KindOf(headline) : ReportKinds.UndefinedBehavior;
        string text = string.Join('\n', lines);
        return new SanitizerReport(tool, kind, headline, null, [], null, null, null, [], [], [], null, [text], text);
    }

    static List<Section> Sections(IEnumerable<string> lines)
    {
        var sections = new List<Section> { new("", [], []) };
        foreach (string raw in lines)
        {
            string line = PidPrefix().Replace(raw, "");
            if (line.Trim().Length == 0) continue;
            if (FrameLine.IsFrame(line) && FrameLine.Parse(line) is { } frame)
            {
                var current = sections[^1];
                // A new "#0" after frames starts a stack of its own (two stacks printed back to back).
                if (frame.Number == 0 && current.Frames.Count > 0)
                {
                    current = new Section("", [], []);
                    sections.Add(current);
                }
                current.Frames.Add(frame);
                current.Lines.Add(line);
                continue;
            }
            string heading = line.Trim();
            if (heading.StartsWith("=================", StringComparison.Ordinal) && heading.Trim('=').Length == 0) continue;
            sections.Add(new Section(heading, [], [line]));
        }
        return sections;
    }

    static string HeadlineOperation(string kind) => kind switch
    {
        ReportKinds.DoubleFree or "free" or "bad-free" or "alloc-dealloc-mismatch" => "free",
        ReportKinds.UndefinedBehavior => "error",
        _ => "use",
    };

    static string? HeadlineThread(string headline)
    {
        var m = TrailingThread().Match(headline);
        return m.Success ? m.Groups[1].Value : null;
    }

    static string ThreadId(string text) => text.StartsWith("thread ", StringComparison.Ordinal) ? text["thread ".Length..] : text;

    static int? Int(Group g) => g.Success && int.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;

    static long? Long(Group g) => g.Success && long.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : null;
}
