namespace Stampede.Sanitizers;

/// <summary>
/// Names the managed frames of a report. A sanitizer cannot symbolize code the JIT compiled: it prints such a frame as
/// <c>&lt;null&gt;</c> in the module <c>memfd:doublemapper (deleted)</c> (the runtime maps its JIT heap twice, writable
/// and executable) or with no module. When the frame carries its address (AddressSanitizer always; ThreadSanitizer with
/// <c>%p</c> in <c>stack_trace_format</c>), the runtime's perf map names the method: the generated binding
/// (<c>...Native::kv_get</c>) right above the native frames, then the executor's call (<c>PreparedCall::Invoke</c>).
/// A frame's address is a return address except for the innermost frame, so the map is asked for the address minus
/// one (inside the call instruction), as symbolizers do.
/// </summary>
public static class ManagedFrames
{
    /// <summary>The report with <see cref="SanitizerFrame.ManagedMethod"/> set on every anonymous frame the map resolves.</summary>
    public static SanitizerReport Annotate(SanitizerReport report, PerfMap map) => report.MapFrames(f => Annotate(f, map));

    public static SanitizerFrame Annotate(SanitizerFrame frame, PerfMap map)
    {
        if (frame.Function is not null || frame.Address is not { } address || address == 0) return frame;
        string? method = map.Resolve(frame.Number == 0 ? address : address - 1) ?? map.Resolve(address);
        return method is null ? frame : frame with { ManagedMethod = method };
    }

    /// <summary>The managed methods of a stack from the innermost out, consecutive repeats once: which binding and which
    /// executor call led into the native frames.</summary>
    public static IReadOnlyList<string> CallPath(IReadOnlyList<SanitizerFrame> stack)
    {
        var path = new List<string>();
        foreach (var f in stack)
            if (f.ManagedMethod is { } m && (path.Count == 0 || path[^1] != m))
                path.Add(m);
        return path;
    }
}
