using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Stampede.Execution.CallLayer;
using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Execution.Running;

/// <summary>
/// A program call resolved against the API model once, so that running it again and again only builds the argument
/// slots, calls through the dispatcher and copies out what it observed. The observed result is canonical text: the
/// return value (strings copied at once, handles and pointers as <c>handle</c>/<c>ptr</c>/<c>null</c>, since their
/// addresses mean nothing) followed by what the call wrote into output buffers and out-parameters.
/// </summary>
public sealed unsafe class PreparedCall
{
    /// <summary>The result of a call that was not made because a handle it needs is null (its producer failed).</summary>
    public const string Skipped = "skipped";

    readonly ApiFunction function;
    readonly Call call;
    readonly int[] enumValues; // per argument, the or-ed members of an EnumArgument
    readonly int[] initializedSizes; // per argument, bytes of caller-owned memory an "initializes" producer fills

    public int FunctionIndex => function.Index;
    public string Name => function.Name;

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
    }

    /// <summary>Runs the call on the current thread. Returns the observed result; the timestamps bracket the native
    /// call alone (argument preparation and copying out happen outside them).</summary>
    public string Invoke(INativeDispatcher dispatcher, NativeArena arena, HandleTable handles, out long start, out long end)
    {
        int count = call.Arguments.Count;
        Span<long> slots = stackalloc long[count];
        for (int i = 0; i < count; i++)
        {
            if (!TryBuildSlot(i, arena, handles, out slots[i]))
            {
                start = end = Stopwatch.GetTimestamp();
                return Skipped;
            }
        }
        start = Stopwatch.GetTimestamp();
        long returned = dispatcher.Invoke(function.Index, slots);
        end = Stopwatch.GetTimestamp();
        return Observe(returned, slots, handles);
    }

    bool TryBuildSlot(int i, NativeArena arena, HandleTable handles, out long slot)
    {
        slot = call.Arguments[i] switch
        {
            IntegerArgument a => a.Value,
            FloatArgument a => function.Parameters[i].Abi == AbiKind.F32
                ? BitConverter.SingleToInt32Bits((float)a.Value)
                : BitConverter.DoubleToInt64Bits(a.Value),
            StringArgument a => (long)arena.String(a.Value),
            NullArgument => 0,
            HandleArgument a => handles[a.Handle],
            HandleOutArgument => (long)arena.Allocate(initializedSizes[i] > 0 ? initializedSizes[i] : sizeof(nint)),
            EnumArgument => enumValues[i],
            OutputBufferArgument a => (long)arena.Allocate(a.Size),
            InputBytesArgument a => (long)arena.Bytes(a.Bytes.ToArray()),
            var other => throw new NotSupportedException($"{Name}: argument {other}"),
        };
        return call.Arguments[i] is not HandleArgument || slot != 0;
    }

    string Observe(long returned, ReadOnlySpan<long> slots, HandleTable handles)
    {
        var text = new StringBuilder(ReturnText(returned));
        if (call.Result is { } produced) handles[produced] = (nint)returned;
        for (int i = 0; i < slots.Length; i++)
        {
            switch (call.Arguments[i])
            {
                case HandleOutArgument o:
                    // A T** slot holds the new handle; caller-owned memory that was initialized is the handle itself.
                    nint handle = initializedSizes[i] > 0 ? (nint)slots[i] : *(nint*)slots[i];
                    handles[o.Handle] = handle;
                    text.Append($" r{o.Handle}={(handle == 0 ? "null" : "handle")}");
                    break;
                case OutputBufferArgument b:
                    text.Append(' ').Append(function.Parameters[i].Name).Append('=')
                        .Append(BufferText((byte*)slots[i], b.Size, IsText(function.Parameters[i])));
                    break;
            }
        }
        return text.ToString();
    }

    string ReturnText(long value) => function.Returns.Role switch
    {
        ReturnRole.Void => "ok",
        ReturnRole.HandleProducer or ReturnRole.Pointer => value == 0 ? "null" : function.Returns.Role == ReturnRole.Pointer ? "ptr" : "handle",
        ReturnRole.StringToCopy => value == 0 ? "null" : Quote(Marshal.PtrToStringUTF8((nint)value) ?? ""),
        _ => function.Returns.Abi switch
        {
            AbiKind.F32 => BitConverter.Int32BitsToSingle((int)value).ToString("R"),
            AbiKind.F64 => BitConverter.Int64BitsToDouble(value).ToString("R"),
            _ => value.ToString(),
        },
    };

    static bool IsText(ApiParameter p) =>
        p.Role is ParameterRole.StringOut || p.CType.Replace("const ", "").StartsWith("char", StringComparison.Ordinal);

    static string BufferText(byte* buffer, int size, bool text)
    {
        var bytes = new ReadOnlySpan<byte>(buffer, size);
        if (text)
        {
            int length = bytes.IndexOf((byte)0);
            return Quote(Encoding.UTF8.GetString(length < 0 ? bytes : bytes[..length]));
        }
        // Binary output: its bytes up to the last non-zero one (a zeroed tail carries no information).
        int used = bytes.LastIndexOfAnyExcept((byte)0) + 1;
        return "x\"" + Convert.ToHexStringLower(bytes[..used]) + "\"";
    }

    /// <summary>A one-line, unambiguous rendering of a string.</summary>
    static string Quote(string s)
    {
        var b = new StringBuilder("\"");
        foreach (char c in s)
            b.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
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
