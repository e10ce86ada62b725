using System.Runtime.InteropServices;

namespace Stampede.Bindgen.Clang;

// The value types of libclang's C API (clang-c/Index.h), laid out exactly as in C. Only what is used.

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXString
{
    public void* Data;
    public uint PrivateFlags;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXCursor
{
    public CXCursorKind Kind;
    public int XData;
    public void* Data0, Data1, Data2;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXType
{
    public CXTypeKind Kind;
    public void* Data0, Data1;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXSourceLocation
{
    public void* Ptr0, Ptr1;
    public uint IntData;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXSourceRange
{
    public void* Ptr0, Ptr1;
    public uint BeginIntData, EndIntData;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXToken
{
    public fixed uint IntData[4];
    public void* PtrData;
}

internal enum CXCursorKind
{
    StructDecl = 2,
    UnionDecl = 3,
    EnumDecl = 5,
    FieldDecl = 6,
    EnumConstantDecl = 7,
    FunctionDecl = 8,
    TypedefDecl = 20,
    MacroDefinition = 501,
}

internal enum CXTypeKind
{
    Invalid = 0,
    Unexposed = 1,
    Void = 2,
    Bool = 3,
    Char_U = 4,
    UChar = 5,
    UShort = 8,
    UInt = 9,
    ULong = 10,
    ULongLong = 11,
    UInt128 = 12,
    Char_S = 13,
    SChar = 14,
    WChar = 15,
    Short = 16,
    Int = 17,
    Long = 18,
    LongLong = 19,
    Int128 = 20,
    Float = 21,
    Double = 22,
    LongDouble = 23,
    Pointer = 101,
    Record = 105,
    Enum = 106,
    Typedef = 107,
    FunctionNoProto = 110,
    FunctionProto = 111,
    ConstantArray = 112,
    IncompleteArray = 114,
    Elaborated = 119,
    Attributed = 163,
    Atomic = 177,
}

internal enum CXChildVisitResult
{
    Break = 0,
    Continue = 1,
    Recurse = 2,
}

internal enum CXDiagnosticSeverity
{
    Ignored = 0,
    Note = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}

internal enum CX_StorageClass
{
    Invalid = 0,
    None = 1,
    Extern = 2,
    Static = 3,
}

internal enum CXTokenKind
{
    Punctuation = 0,
    Keyword = 1,
    Identifier = 2,
    Literal = 3,
    Comment = 4,
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXUnsavedFile
{
    public byte* Filename;
    public byte* Contents;
    public nuint Length;
}
