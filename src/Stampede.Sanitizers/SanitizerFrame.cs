namespace Stampede.Sanitizers;

/// <summary>
/// One frame of a sanitizer stack, as printed: <c>#1 0x7f.. kv_get native/samples/kvstore/kvstore.c:104:23 (libkvstore.so+0x1727)</c>
/// (ThreadSanitizer) or <c>#1 0x7f.. in kv_get native/samples/kvstore/kvstore.c:112:5</c> (AddressSanitizer). Every part may
/// be missing: JIT-compiled code shows as <c>&lt;null&gt;</c> with the module <c>memfd:doublemapper (deleted)</c> (or no
/// module), ASan prints a symbolized frame without its module, ThreadSanitizer's default format has no address.
/// <see cref="ManagedMethod"/> is filled in from the runtime's perf map (<see cref="ManagedFrames"/>).
/// </summary>
public sealed record SanitizerFrame(
    int Number, ulong? Address, string? Function, string? File, int? Line, int? Column, string? Module, ulong? ModuleOffset,
    string? ManagedMethod = null)
{
    /// <summary>The source file's name without its directory (<c>kvstore.c</c>), or null.</summary>
    public string? FileName => File is null ? null : Path.GetFileName(File);

    /// <summary>The module's file name without its directory (<c>libkvstore.so</c>, <c>memfd:doublemapper (deleted)</c>), or null.</summary>
    public string? ModuleName => Module is null ? null : Path.GetFileName(Module.TrimEnd('/'));

    /// <summary><c>file:line</c> with the file's name only, when the line is known (a line 0 is unknown).</summary>
    public string? SourceLine => FileName is not null && Line is > 0 ? $"{FileName}:{Line}" : null;

    /// <summary>Code the runtime compiled: no function name, and no module or the double-mapped JIT heap.</summary>
    public bool IsAnonymous => Function is null && (Module is null || Module.Contains("memfd:doublemapper", StringComparison.Ordinal));

    /// <summary>Whether the frame is in the module whose file name is <paramref name="library"/> (<c>libkvstore.so</c>).</summary>
    public bool IsIn(string library) => ModuleName is { } m && string.Equals(m, Path.GetFileName(library), StringComparison.Ordinal);

    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        text.Append('#').Append(Number);
        if (Address is { } a) text.Append(" 0x").Append(a.ToString("x"));
        text.Append(' ').Append(Function ?? ManagedMethod ?? "??");
        if (File is not null)
        {
            text.Append(' ').Append(File);
            if (Line is { } l) text.Append(':').Append(l);
            if (Column is { } c) text.Append(':').Append(c);
        }
        if (Module is not null) text.Append(" (").Append(Module).Append("+0x").Append((ModuleOffset ?? 0).ToString("x")).Append(')');
        if (Function is not null && ManagedMethod is not null) text.Append(" [").Append(ManagedMethod).Append(']');
        return text.ToString();
    }
}
