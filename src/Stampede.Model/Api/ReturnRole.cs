namespace Stampede.Model.Api;

public enum ReturnRole
{
    Void,
    /// <summary>Returns a resource (handle).</summary>
    HandleProducer,
    /// <summary>Returns a status or error code.</summary>
    Status,
    /// <summary>Returns a NUL-terminated string that must be copied before another call may overwrite it.</summary>
    StringToCopy,
    Scalar,
    Pointer,
    Struct,
}
