namespace Stampede.Sanitizers;

/// <summary>
/// The deduplication signature of a sanitizer report: one finding per signature, whichever thread came first.
/// <para><b>Site of a stack</b>: its innermost frame in the target library (the module's file name equals
/// <c>library</c>); when no frame names that module (AddressSanitizer prints a symbolized frame without its module),
/// the innermost frame with a source file. The site is written <c>file:line</c> (the file's name only), or
/// <c>file:function</c> when the line is unknown (line 0 at -O1), or the function, or <c>module+0xoffset</c>, or <c>?</c>.
/// Sanitizer interceptors (<c>memcpy</c>, <c>free</c>, <c>pthread_mutex_lock</c>) have no source file, so the site is
/// their caller.</para>
/// <para><b>Rule by kind</b>:</para>
/// <list type="bullet">
/// <item>a race (<c>data-race</c>, and any ThreadSanitizer report with two accesses): the sites of the two accesses,
/// sorted — <c>sanitizer:data-race:textkit.c:86|textkit.c:94</c>, the same whichever access came first;</item>
/// <item>a misuse of freed memory (a report with a free stack: <c>heap-use-after-free</c>, <c>double-free</c>, ...): the
/// bad access's site and the free's site — <c>sanitizer:heap-use-after-free:kvstore.c:112|free:poison.h:23</c> (for a
/// ThreadSanitizer heap-use-after-free the previous access is the free);</item>
/// <item><c>lock-order-inversion</c>: the sites of the acquisitions that close the cycle (<c>Mutex M1 acquired here while
/// holding M0</c>), sorted and deduplicated — <c>sanitizer:lock-order-inversion:svcconf.c:170|svcconf.c:184</c>;</item>
/// <item>anything else (<c>segv</c>, UBSan, one access): the first stack's site — <c>sanitizer:segv:kvstore.c:70</c>;
/// a report without any stack: <c>sanitizer:KIND:</c> and its SUMMARY's location, if any.</item>
/// </list>
/// </summary>
public static class SanitizerSignature
{
    public const string Prefix = "sanitizer:";

    /// <summary>The signature of <paramref name="report"/>; <paramref name="library"/> is the target library's file name
    /// (<c>libkvstore.so</c>; a path is reduced to its file name).</summary>
    public static string Of(SanitizerReport report, string library)
    {
        string lib = Path.GetFileName(library);
        string kind = report.Kind;
        if (kind == ReportKinds.LockOrderInversion && report.Locks.Any(l => !l.Earlier))
        {
            var sites = report.Locks.Where(l => !l.Earlier).Select(l => Site(l.Stack, lib)).Distinct().Order(StringComparer.Ordinal);
            return Prefix + kind + ":" + string.Join('|', sites);
        }
        if (report.Free is not null && report.Accesses.Count > 0)
            return Prefix + kind + ":" + Site(report.Accesses[0].Stack, lib) + "|free:" + Site(report.Free.Frames, lib);
        if (report.Tool == ReportKinds.Thread && report.Accesses.Count >= 2)
        {
            if (kind == ReportKinds.HeapUseAfterFree)
                return Prefix + kind + ":" + Site(report.Accesses[0].Stack, lib) + "|free:" + Site(report.Accesses[1].Stack, lib);
            var pair = new[] { Site(report.Accesses[0].Stack, lib), Site(report.Accesses[1].Stack, lib) }.Order(StringComparer.Ordinal);
            return Prefix + kind + ":" + string.Join('|', pair);
        }
        var stack = report.Accesses.FirstOrDefault(a => a.Stack.Count > 0)?.Stack
                    ?? report.Stacks().Select(s => s.Frames).FirstOrDefault(f => f.Count > 0);
        if (stack is not null) return Prefix + kind + ":" + Site(stack, lib);
        return Prefix + kind + ":" + SummaryLocation(report.Summary);
    }

    /// <summary>The site of a stack (see the rule above).</summary>
    public static string Site(IReadOnlyList<SanitizerFrame> stack, string library)
    {
        var frame = stack.FirstOrDefault(f => f.IsIn(library) && f.File is not null)
                    ?? stack.FirstOrDefault(f => f.IsIn(library))
                    ?? stack.FirstOrDefault(f => f.SourceLine is not null)
                    ?? stack.FirstOrDefault(f => f.File is not null);
        if (frame is null) return stack.FirstOrDefault(f => f.Function is not null)?.Function ?? ModuleSite(stack.FirstOrDefault());
        if (frame.SourceLine is { } line) return line;
        if (frame.FileName is { } file) return frame.Function is null ? file : file + ":" + frame.Function;
        return frame.Function ?? ModuleSite(frame);
    }

    static string ModuleSite(SanitizerFrame? frame) =>
        frame is { ModuleName: { } m, ModuleOffset: { } o } ? $"{m}+0x{o:x}" : "?";

    static string SummaryLocation(string? summary)
    {
        if (summary is null) return "";
        // "SUMMARY: ThreadSanitizer: data race native/samples/textkit/textkit.c:28:28 in tk_format_duration"
        foreach (string word in summary.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = word.IndexOf(':');
            if (colon > 0 && word.Contains('.') && !word.EndsWith(':'))
            {
                string file = Path.GetFileName(word[..colon]);
                string rest = word[(colon + 1)..];
                int next = rest.IndexOf(':');
                return file + ":" + (next < 0 ? rest : rest[..next]);
            }
        }
        return "";
    }
}
