using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Learning;

/// <summary>
/// The value of each kind of parameter least likely to hurt a call: a short string, a large zeroed buffer, 0, the first
/// enum member. A call that survives with one argument replaced by it shows that argument was the one that killed it.
/// Handles stay as generated (they are live handles already).
/// </summary>
public static class ConservativeArguments
{
    /// <summary>The largest buffer a program may pass, the conservative buffer's size.</summary>
    public static readonly int BufferSize = GenerationOptions.Default.MaxBufferSize;

    /// <summary>The conservative value of <paramref name="p"/>, or null when it has none (a handle, a callback).</summary>
    public static Argument? For(ApiParameter p, ApiModel model) => p.Role switch
    {
        ParameterRole.StringIn => new StringArgument("a"),
        ParameterRole.StringOut or ParameterRole.BufferOut or ParameterRole.Pointer => new OutputBufferArgument(BufferSize),
        ParameterRole.BufferIn => new InputBytesArgument(new byte[BufferSize]),
        // As its value: a member's name may read back as a word of the text form (null, inf).
        ParameterRole.Enum or ParameterRole.Flags when model.Enums.FirstOrDefault(e => e.Name == p.Enum)?.Members is { Count: > 0 } members
            => new IntegerArgument(members[0].Value),
        ParameterRole.Scalar when p.Abi is AbiKind.F32 or AbiKind.F64 => new FloatArgument(0),
        ParameterRole.Scalar or ParameterRole.Length or ParameterRole.Enum or ParameterRole.Flags => new IntegerArgument(0),
        _ => null,
    };

    /// <summary><paramref name="call"/> with argument <paramref name="index"/> replaced by <paramref name="value"/>, and the
    /// length that goes with that buffer made its size (in the elements it counts).</summary>
    public static Call Replace(Call call, ApiFunction f, int index, Argument value)
    {
        var arguments = call.Arguments.ToList();
        arguments[index] = value;
        if (f.Parameters[index].LengthParameter is { } length && BufferCapacity.Length(f.Parameters[index], value) is { } size)
            arguments[length] = new IntegerArgument(size);
        return call with { Arguments = arguments };
    }
}
