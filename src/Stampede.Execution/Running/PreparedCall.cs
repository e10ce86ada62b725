using System.Diagnostics;
using System.Text;
using Stampede.Execution.CallLayer;
using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Execution.Running;

/// <summary>
/// A program call resolved against the API model once, so that running it again and again only fills in its handle
/// arguments, calls through the dispatcher and records what it observed. Recording copies, immediately after the call
/// returns, the return value, a returned string's bytes, the handles written and every output buffer into the
/// thread's <see cref="ObservationLog"/> (a static buffer read later proves nothing); <see cref="Render"/> turns that
/// into the canonical text: the return value (strings quoted, handles and pointers as <c>handle</c>/<c>ptr</c>/
/// <c>null</c>, since their addresses mean nothing) followed by what the call wrote into output buffers and
/// out-parameters. A pointer returned or written through a pointer-to-pointer out-parameter is rendered by what it
/// means (<see cref="PointerIdentity"/>: null, a place inside one of the call's arguments, or elsewhere), never by
/// its bytes.
/// </summary>
public sealed unsafe class PreparedCall
{
    /// <summary>The result of a call that was not made because a handle it needs is null (its producer failed).</summary>
    public const string Skipped = "skipped";

    // Words of a log entry: start, end, return value, skipped (0/1), returned string's place and length (for a returned
    // pointer: its PointerIdentity code); then one per observed argument (the handle a handle-out argument received,
    // or where an output buffer's copy is).
    const int HeaderWords = 6;

    readonly ApiFunction function;
    readonly Call call;
    readonly int[] enumValues; // per argument, the or-ed members of an EnumArgument
    readonly int[] initializedSizes; // per argument, bytes of caller-owned memory an "initializes" producer fills
    readonly int[] handleArguments; // arguments that take a handle, filled in when the call is made
    readonly int[] observedArguments; // handle-out and output-buffer arguments, in order
    readonly bool[] pointerOut; // per argument, an output buffer the callee writes addresses into (char **, T **)
    readonly int[] extents; // per argument, the size of the memory its slot points to (0: not memory of the call)
    readonly bool returnsString;
    readonly bool returnsPointer;

    public int FunctionIndex => function.Index;
    public string Name => function.Name;
    public int ArgumentCount => call.Arguments.Count;
    int Words => HeaderWords + observedArguments.Length;

    public PreparedCall(Call call, ApiModel model)
    {
        this.call = call;
        function = model.Function(call.Function)
            ?? throw new ArgumentException($"{call.Function} is not a function of {model.Library}");
        enumValues = new int[call.Arguments.Count];
        initializedSizes = new int[call.Arguments.Count];
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            if (call.Arguments[i] is EnumArgument e) enumValues[i] = EnumValue(model, function.Parameters[i], e);
            if (call.Arguments[i] is HandleOutArgument) initializedSizes[i] = InitializedSize(model, i);
        }
        handleArguments = Indexes(a => a is HandleArgument);
        observedArguments = Indexes(a => a is HandleOutArgument or OutputBufferArgument);
        returnsString = function.Returns.Role == ReturnRole.StringToCopy;
        returnsPointer = function.Returns.Role == ReturnRole.Pointer;
        pointerOut = Enumerable.Range(0, call.Arguments.Count)
            .Select(i => call.Arguments[i] is OutputBufferArgument && PointerIdentity.IsPointerToPointer(function.Parameters[i])).ToArray();
        extents = Enumerable.Range(0, call.Arguments.Count).Select(i => call.Arguments[i] switch
        {
            StringArgument a => Encoding.UTF8.GetByteCount(a.Value) + 1,
            OutputBufferArgument a => a.Size,
            InputBytesArgument a => a.Bytes.Count,
            HandleOutArgument => initializedSizes[i] > 0 ? initializedSizes[i] : sizeof(nint),
            _ => 0,
        }).ToArray();
    }

    int[] Indexes(Func<Argument, bool> which) =>
        Enumerable.Range(0, call.Arguments.Count).Where(i => which(call.Arguments[i])).ToArray();

    /// <summary>Builds the argument slots that do not depend on earlier calls (numbers, strings, buffers, out-parameter
    /// slots) in fresh memory of <paramref name="arena"/>, before the run, so that allocating stays out of the calls'
    /// timing. Handle arguments are filled in by <see cref="Invoke"/>.</summary>
    public void PrepareArguments(NativeArena arena, Span<long> slots)
    {
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = call.Arguments[i] switch
            {
                IntegerArgument a => a.Value,
                FloatArgument a => function.Parameters[i].Abi == AbiKind.F32
                    ? BitConverter.SingleToInt32Bits((float)a.Value)
                    : BitConverter.DoubleToInt64Bits(a.Value),
                StringArgument a => (long)arena.String(a.Value),
                NullArgument or HandleArgument => 0,
                HandleOutArgument => (long)arena.Allocate(initializedSizes[i] > 0 ? initializedSizes[i] : sizeof(nint)),
                EnumArgument => enumValues[i],
                OutputBufferArgument a => (long)arena.Allocate(a.Size),
                InputBytesArgument a => (long)arena.Bytes(a.Bytes.ToArray()),
                var other => throw new NotSupportedException($"{Name}: argument {other}"),
            };
        }
    }

    /// <summary>Makes the call on the current thread with <paramref name="slots"/> from <see cref="PrepareArguments"/>,
    /// records it as the next entry of <paramref name="log"/>, and returns the time right after the native call
    /// returned. <paramref name="start"/> is the call's start time, taken by the caller (the previous call's end when
    /// nothing happened in between): one clock read per call.</summary>
    public long Invoke(INativeDispatcher dispatcher, Span<long> slots, HandleTable handles, ObservationLog log, long start)
    {
        int entry = log.Begin(Words);
        log.Word(entry) = start;
        foreach (int i in handleArguments)
        {
            slots[i] = handles[((HandleArgument)call.Arguments[i]).Handle];
            if (slots[i] != 0) continue;
            log.Word(entry + 1) = start;
            log.Word(entry + 3) = 1;
            return start;
        }
        // A safe layer's lock is held until the results are copied: a string in a static buffer is the caller's once copied.
        using var guard = dispatcher is IGuardedDispatcher guarded ? guarded.Enter(function.Index, slots) : LockToken.None;
        long returned = dispatcher.Invoke(function.Index, slots);
        long end = Stopwatch.GetTimestamp();
        log.Word(entry + 1) = end;
        log.Word(entry + 2) = returned;
        log.Word(entry + 3) = 0;
        if (call.Result is { } produced) handles[produced] = (nint)returned;
        if (returnsString && returned != 0)
            (log.Word(entry + 4), log.Word(entry + 5)) = log.CopyString((byte*)returned);
        if (returnsPointer) log.Word(entry + 4) = PointerIdentity.Classify(returned, slots, extents);
        for (int k = 0; k < observedArguments.Length; k++)
        {
            int i = observedArguments[k];
            switch (call.Arguments[i])
            {
                case HandleOutArgument o:
                    // A T** slot holds the new handle; caller-owned memory that was initialized is the handle itself.
                    nint handle = initializedSizes[i] > 0 ? (nint)slots[i] : *(nint*)slots[i];
                    handles[o.Handle] = handle;
                    log.Word(entry + HeaderWords + k) = handle;
                    break;
                case OutputBufferArgument b:
                    int at = log.Copy((byte*)slots[i], b.Size);
                    log.Word(entry + HeaderWords + k) = at;
                    if (pointerOut[i]) PointerIdentity.ClassifyWords(log.Writable(at, b.Size), slots, extents);
                    break;
            }
        }
        return end;
    }

    /// <summary>Prepares, makes and records the call in one go, for calls made one at a time (setup, teardown,
    /// reference runs). Returns its entry in <paramref name="log"/>.</summary>
    public int InvokeOnce(INativeDispatcher dispatcher, NativeArena arena, HandleTable handles, ObservationLog log)
    {
        Span<long> slots = stackalloc long[ArgumentCount];
        PrepareArguments(arena, slots);
        int entry = log.Count;
        Invoke(dispatcher, slots, handles, log, Stopwatch.GetTimestamp());
        return entry;
    }

    /// <summary>The start and end time of entry <paramref name="entry"/> of <paramref name="log"/>.</summary>
    public (long Start, long End) Interval(ObservationLog log, int entry)
    {
        var words = log.Entry(entry, Words);
        return (words[0], words[1]);
    }

    /// <summary>The canonical text of what entry <paramref name="entry"/> of <paramref name="log"/> observed.</summary>
    public string Render(ObservationLog log, int entry)
    {
        var words = log.Entry(entry, Words);
        if (words[3] != 0) return Skipped;
        var text = new StringBuilder(ReturnText(words[2], log, words[4], (int)words[5]));
        for (int k = 0; k < observedArguments.Length; k++)
        {
            int i = observedArguments[k];
            switch (call.Arguments[i])
            {
                case HandleOutArgument o:
                    text.Append($" r{o.Handle}={(words[HeaderWords + k] == 0 ? "null" : "handle")}");
                    break;
                case OutputBufferArgument b:
                    var bytes = log.Bytes(words[HeaderWords + k], b.Size);
                    text.Append(' ').Append(function.Parameters[i].Name).Append('=')
                        .Append(pointerOut[i] ? PointerIdentity.WordsText(bytes, function.Parameters) : BufferText(bytes, IsText(function.Parameters[i])));
                    break;
            }
        }
        return text.ToString();
    }

    string ReturnText(long value, ObservationLog log, long stringAt, int stringLength) => function.Returns.Role switch
    {
        ReturnRole.Void => "ok",
        ReturnRole.HandleProducer => value == 0 ? "null" : "handle",
        ReturnRole.Pointer => PointerIdentity.Text(stringAt, function.Parameters),
        ReturnRole.StringToCopy => value == 0 ? "null" : Quote(log.Bytes(stringAt, stringLength)),
        _ => function.Returns.Abi switch
        {
            AbiKind.F32 => BitConverter.Int32BitsToSingle((int)value).ToString("R"),
            AbiKind.F64 => BitConverter.Int64BitsToDouble(value).ToString("R"),
            _ => value.ToString(),
        },
    };

    static bool IsText(ApiParameter p) =>
        p.Role is ParameterRole.StringOut || p.CType.Replace("const ", "").StartsWith("char", StringComparison.Ordinal);

    static string BufferText(ReadOnlySpan<byte> bytes, bool text)
    {
        if (text)
        {
            int length = bytes.IndexOf((byte)0);
            return Quote(length < 0 ? bytes : bytes[..length]);
        }
        // Binary output: its bytes up to the last non-zero one (a zeroed tail carries no information).
        int used = bytes.LastIndexOfAnyExcept((byte)0) + 1;
        return "x\"" + Convert.ToHexStringLower(bytes[..used]) + "\"";
    }

    /// <summary>A one-line, unambiguous rendering of a C string's bytes: quotes and backslashes escaped, controls as
    /// \xNN (C1 controls as \uNNNN), and each byte that is not part of valid UTF-8 as \xNN, so that different bytes
    /// never read the same (decoding with U+FFFD would make them).</summary>
    static string Quote(ReadOnlySpan<byte> bytes)
    {
        var b = new StringBuilder("\"");
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out int used) != System.Buffers.OperationStatus.Done)
                Utf8Escapes.AppendInvalid(b, bytes[..used]);
            else
                b.Append(rune.Value switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    < 0x20 or 0x7f => $"\\x{rune.Value:x2}",
                    >= 0x80 and < 0xa0 => $"\\u{rune.Value:x4}",
                    _ => rune.ToString(),
                });
            bytes = bytes[used..];
        }
        return b.Append('"').ToString();
    }

    static int EnumValue(ApiModel model, ApiParameter parameter, EnumArgument argument)
    {
        var members = model.Enums.FirstOrDefault(e => e.Name == parameter.Enum)?.Members;
        int value = 0;
        foreach (var name in argument.Members)
            value |= (int)(members?.FirstOrDefault(m => m.Name == name)?.Value
                ?? throw new ArgumentException($"{name} is not a member of {parameter.Enum}"));
        return value;
    }

    int InitializedSize(ApiModel model, int parameter)
    {
        var resource = model.Resources.FirstOrDefault(r =>
            r.Producers.Any(p => p.Function == function.Name && p.How == "initializes" && p.Parameter == parameter));
        if (resource is null) return 0;
        // Caller-owned memory the library fills (a z_stream): as large as the struct, or a generous page if unknown.
        return (int?)model.Structs.FirstOrDefault(s => s.Name == resource.CType)?.Size ?? 4096;
    }
}
