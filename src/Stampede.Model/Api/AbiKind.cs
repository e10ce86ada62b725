namespace Stampede.Model.Api;

/// <summary>How a value travels in a 64-bit argument slot of the generated dispatcher.
/// Integers are sign- or zero-extended, floats carry their IEEE bits, pointers and handles their address.</summary>
public enum AbiKind { Void, I8, U8, I16, U16, I32, U32, I64, U64, F32, F64, Ptr, Struct }
