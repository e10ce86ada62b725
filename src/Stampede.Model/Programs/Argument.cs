namespace Stampede.Model.Programs;

/// <summary>
/// One argument of a call, as written in the program text. Which kinds a parameter accepts follows from its
/// <see cref="Api.ParameterRole"/>; <see cref="ProgramValidator"/> checks the fit.
/// </summary>
public abstract record Argument;

/// <summary>An integer literal (<c>42</c>, <c>-1</c>). Unsigned parameters take the same 64 bits: -1 is SIZE_MAX.</summary>
public sealed record IntegerArgument(long Value) : Argument;

/// <summary>A floating-point literal (<c>1.5</c>, <c>nan</c>, <c>-inf</c>).</summary>
public sealed record FloatArgument(double Value) : Argument;

/// <summary>A string literal, passed as a NUL-terminated UTF-8 copy (writable for string-out parameters).</summary>
public sealed record StringArgument(string Value) : Argument;

/// <summary>A null pointer.</summary>
public sealed record NullArgument : Argument
{
    public static NullArgument Instance { get; } = new();
}

/// <summary>A use of handle <c>rN</c>, produced earlier by the same thread or by setup.</summary>
public sealed record HandleArgument(int Handle) : Argument;

/// <summary>
/// <c>out rN</c>: this parameter produces handle <c>rN</c>. For a <c>T**</c> out-parameter the executor passes the
/// address of a slot; for an initializing producer (the model's <c>initializes</c>) it passes caller-owned memory.
/// </summary>
public sealed record HandleOutArgument(int Handle) : Argument;

/// <summary>An enum member by name, or for a flags enum several members or-ed together (<c>A|B</c>).</summary>
public sealed record EnumArgument(EquatableList<string> Members) : Argument;

/// <summary><c>buf[N]</c>: N zeroed bytes of writable memory, for buffers the call fills.</summary>
public sealed record OutputBufferArgument(int Size) : Argument;

/// <summary><c>x"00ff"</c>: bytes the call reads.</summary>
public sealed record InputBytesArgument(EquatableList<byte> Bytes) : Argument;
