namespace Stampede.Model.Api;

/// <summary>What a parameter is for, as program generation needs to know it.</summary>
public enum ParameterRole
{
    /// <summary>A resource (handle) the call uses.</summary>
    HandleIn,
    /// <summary>A <c>T**</c> through which the call writes a new resource.</summary>
    HandleOut,
    /// <summary>Memory the call reads, with its length in another parameter.</summary>
    BufferIn,
    /// <summary>Memory the call writes, with its capacity in another parameter.</summary>
    BufferOut,
    /// <summary>The length or capacity of a buffer parameter.</summary>
    Length,
    /// <summary>A NUL-terminated string the call reads.</summary>
    StringIn,
    /// <summary>A writable character array without a length (the call may write or modify it).</summary>
    StringOut,
    Enum,
    Flags,
    Scalar,
    /// <summary>A function pointer.</summary>
    Callback,
    /// <summary>An opaque pointer handed back to a callback.</summary>
    UserData,
    /// <summary>Any other pointer.</summary>
    Pointer,
    /// <summary>A struct passed by value (not callable through the dispatcher).</summary>
    Struct,
}
