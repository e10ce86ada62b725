namespace Stampede.Sanitizers;

/// <summary>
/// The root-cause key of a sanitizer report: what conflicted, named by the state both sides touched when it can be named,
/// so that one race keeps one key across runs, builds and sanitizers — and across the pairs of calls that happen to meet
/// on it — while the report's exact lines (<see cref="SanitizerSignature"/>) vary from hit to hit and are kept as variants.
/// <para><b>API function of a stack</b>: the outermost frame in the target library, which is where the host called in;
/// among them, the outermost one the API names when <see cref="ApiShape"/> is given. A stack with no frame in the library
/// (a sanitizer's interceptor called from the host) has none; it is then written by its <see cref="SanitizerSignature.Site"/>.</para>
/// <para><b>State</b>: the global variable the report names (<c>@duration_buffer</c>; a member's name is cut to its
/// variable), else the kinds of handle both sides' API functions take (<c>kv_store</c>: a race on one store, whichever
/// of <c>kv_put</c>, <c>kv_get</c>, <c>kv_delete</c> met there), else the API function that allocated the heap block
/// both sides met on (<c>heap@reg_add</c>: a table a global points to, grown by <c>reg_add</c> while <c>reg_find</c>
/// reads it or another <c>reg_add</c> grows it), else none.</para>
/// <para><b>Rule by kind</b>:</para>
/// <list type="bullet">
/// <item>two conflicting accesses (ThreadSanitizer's <c>data-race</c> and the like): <c>race:@duration_buffer</c>,
/// <c>race:kv_store</c>; with no state, the two sides sorted: <c>race:kv_get∥kv_put</c>;</item>
/// <item>memory freed by one call and used or freed again by another (a report with a free stack, or ThreadSanitizer's
/// <c>heap-use-after-free</c>): <c>freed:obj</c>, or <c>freed:obj_release∥obj_release</c>;</item>
/// <item><c>lock-order-inversion</c>: <c>deadlock:ledger_balance∥ledger_post</c>, the API functions of the acquisitions
/// that close the cycle;</item>
/// <item>anything else (an overflow, <c>segv</c>, UBSan): the report's kind and its one API function,
/// <c>heap-buffer-overflow:table_set</c>; with no API function, <see cref="SanitizerSignature"/>'s site.</item>
/// </list>
/// Two races in one pair of functions on different globals or handle kinds keep apart; two races on one handle kind
/// through different fields of it do not (no sanitizer names a heap field), nor two on blocks one API function allocates.
/// </summary>
public static class SanitizerKey
{
    /// <summary>Between the two sides of a key: they happened together, in either order.</summary>
    public const string Parallel = "∥";

    public const string Race = "race";
    public const string Freed = "freed";
    public const string Deadlock = "deadlock";

    /// <summary>Before the API function that allocated a heap block both sides met on: <c>race:heap@reg_add</c>.</summary>
    public const string Heap = "heap@";

    /// <summary>The key of <paramref name="report"/>; <paramref name="library"/> is the target library's file name
    /// (<c>libkvstore.so</c>), <paramref name="api"/> its API's functions and the handles they take, when known.</summary>
    public static string Of(SanitizerReport report, string library, ApiShape? api = null)
    {
        string lib = Path.GetFileName(library);
        string? Function(IReadOnlyList<SanitizerFrame> stack) => ApiFunction(stack, lib, api);
        string Side(IReadOnlyList<SanitizerFrame> stack) => Function(stack) ?? SanitizerSignature.Site(stack, lib);
        // Two sides on one state: the global both touched, else the handle kinds both API functions take.
        string Conflict(string kind, IReadOnlyList<SanitizerFrame> one, IReadOnlyList<SanitizerFrame> other)
        {
            if (report.Location is { Kind: "global", Name: { } name }) return kind + ":@" + Variable(name);
            if (api is not null && Function(one) is { } f && Function(other) is { } g &&
                api.HandlesTaken(f).Intersect(api.HandlesTaken(g)).Order(StringComparer.Ordinal).ToArray() is { Length: > 0 } shared)
                return kind + ":" + string.Join(',', shared);
            if (report.Location is { Kind: "heap", AllocationStack: { Count: > 0 } allocated } && Allocator(allocated, lib, api) is { } allocator)
                return kind + ":" + Heap + allocator;
            return Pair(kind, [Side(one), Side(other)]);
        }

        if (report.Kind == ReportKinds.LockOrderInversion && report.Locks.Any(l => !l.Earlier))
            return Pair(Deadlock, report.Locks.Where(l => !l.Earlier).Select(l => Side(l.Stack)).Distinct());
        if (report.Free is not null && report.Accesses.Count > 0)
            return Conflict(Freed, report.Accesses[0].Stack, report.Free.Frames);
        if (report.Tool == ReportKinds.Thread && report.Accesses.Count >= 2)
            return Conflict(report.Kind == ReportKinds.HeapUseAfterFree ? Freed : Race, report.Accesses[0].Stack, report.Accesses[1].Stack);
        var stack = report.Accesses.FirstOrDefault(a => a.Stack.Count > 0)?.Stack
                    ?? report.Stacks().Select(s => s.Frames).FirstOrDefault(f => f.Count > 0);
        if (stack is not null && Function(stack) is { } function) return report.Kind + ":" + function;
        return SanitizerSignature.Of(report, library)[SanitizerSignature.Prefix.Length..];
    }

    /// <summary>A key of <paramref name="kind"/> by its sides, in name order whichever came first:
    /// <c>race:kv_get∥kv_put</c>, <c>deadlock:ledger_balance∥ledger_post</c>. A deadlock the scheduling runtime or gdb
    /// saw is keyed by it too, so that it and ThreadSanitizer's report of the same inversion are one finding.</summary>
    public static string Pair(string kind, IEnumerable<string> sides) => kind + ":" + string.Join(Parallel, sides.Order(StringComparer.Ordinal));

    /// <summary>Whether <paramref name="key"/> names a cause with two sides (a race, a free and a use, a lock-order
    /// inversion) rather than one place.</summary>
    public static bool IsTwoSided(string key) =>
        key.StartsWith(Race + ":", StringComparison.Ordinal) || key.StartsWith(Freed + ":", StringComparison.Ordinal) ||
        key.StartsWith(Deadlock + ":", StringComparison.Ordinal);

    /// <summary>The variable of a global's name as ThreadSanitizer prints it, without the member or element it names
    /// (<c>class_table.init</c>, <c>class_table.body</c> → <c>class_table</c>): one unguarded variable is one state,
    /// whichever of its fields a run happened to touch first.</summary>
    static string Variable(string name) => name.Split('.', '[')[0];

    /// <summary>The API function an allocation stack entered the library by: one the API names, or without the API one in
    /// a frame that names the library's module (not a guess from a source file: the C library's own frames have one
    /// too, and every allocation passes through them).</summary>
    static string? Allocator(IReadOnlyList<SanitizerFrame> stack, string library, ApiShape? api) => api is not null
        ? stack.LastOrDefault(f => f.Function is not null && api.Names(f.Function))?.Function
        : stack.LastOrDefault(f => f.Function is not null && f.IsIn(library))?.Function;

    /// <summary>The API function a stack entered the library by (see the rule above), or null.</summary>
    public static string? ApiFunction(IReadOnlyList<SanitizerFrame> stack, string library, ApiShape? api = null)
    {
        // AddressSanitizer prints symbolized frames without their module: a frame with a source file and no module is
        // taken as the library's (the host's own frames have no source file).
        var inLibrary = stack.Where(f => f.Function is not null && (f.IsIn(library) || (f.Module is null && f.File is not null))).ToList();
        if (inLibrary.Count == 0) return null;
        if (api is not null && inLibrary.LastOrDefault(f => api.Names(f.Function!)) is { } named) return named.Function;
        return inLibrary[^1].Function;
    }
}
