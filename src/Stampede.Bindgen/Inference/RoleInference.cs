using Stampede.Bindgen.Declarations;
using Stampede.Bindgen.Generation;
using Stampede.Model.Api;

namespace Stampede.Bindgen.Inference;

/// <summary>
/// Infers what each parameter and return value is for, from its C type, its neighbours and its name, and says why.
/// <paramref name="okConstant"/> is a status constant such as SQLITE_OK: its presence makes int returns statuses.
/// </summary>
internal sealed class RoleInference(TypeMap types, IReadOnlyList<ResourceDraft> resources, string? okConstant)
{
    public ApiFunction Function(int index, FunctionDecl f, string where)
    {
        var parameters = new ApiParameter?[f.Parameters.Count];
        var hasCallback = f.Parameters.Any(p => p.Type is PointerType { Pointee: FunctionType });
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i] is not null) continue; // already assigned as the length of the previous buffer
            var p = f.Parameters[i];
            var next = i + 1 < parameters.Length ? f.Parameters[i + 1] : null;
            parameters[i] = Parameter(p, next, hasCallback, out var isBuffer);
            if (isBuffer)
            {
                parameters[i] = parameters[i]! with { LengthParameter = i + 1 };
                var unit = parameters[i]!.ElementSize is { } size ? $" in {size}-byte elements" : "";
                parameters[i + 1] = Base(next!, ParameterRole.Length, $"integer after buffer '{p.Name}': its length{unit}") with { BufferParameter = i };
            }
        }
        var notDispatchable = f.Parameters.Select(p => p.Type).Prepend(f.ReturnType).FirstOrDefault(t => types.Abi(t) == AbiKind.Struct) is { } s
            ? $"passes {s.Spelling} by value" : null;
        var function = new ApiFunction(index, f.Name, Return(f), parameters.Select(p => p!).ToList(), where, NotDispatchable: notDispatchable);
        return OwnershipInference.Infer(function);
    }

    private ApiParameter Base(ParameterDecl p, ParameterRole role, string why) => new(p.Name, p.Type.Spelling, types.Abi(p.Type), role, why);

    private ResourceDraft? ResourceOf(CType type) =>
        TypeMap.PointedRecord(type) is { } r ? resources.FirstOrDefault(d => d.Key == r.Key) : null;

    private ApiParameter Parameter(ParameterDecl p, ParameterDecl? next, bool hasCallback, out bool isBuffer)
    {
        isBuffer = false;
        var t = p.Type;
        if (t is PointerType { Pointee: PointerType inner } && ResourceOf(inner) is { } made)
            return Base(p, ParameterRole.HandleOut, $"{t.Spelling}: the call writes a new {made.Name} through it") with { Resource = made.Name };
        if (ResourceOf(t) is { } used)
            return Base(p, ParameterRole.HandleIn, $"{t.Spelling} is the resource {used.Name}") with { Resource = used.Name };
        switch (t)
        {
            case PointerType { Pointee: FunctionType }:
                return Base(p, ParameterRole.Callback, "function pointer");
            case PointerType { Pointee: PrimitiveType { Kind: PrimitiveKind.Void } } when hasCallback:
                return Base(p, ParameterRole.UserData, "void * beside a callback: handed back to it");
            case PointerType { Pointee: PrimitiveType { Kind: PrimitiveKind.Void or PrimitiveKind.Char or PrimitiveKind.SChar or PrimitiveKind.UChar } } ptr:
                if (next is not null && IsLength(next))
                {
                    isBuffer = true;
                    return ptr.PointeeIsConst
                        ? Base(p, ParameterRole.BufferIn, $"const pointer followed by length '{next.Name}'")
                        : Base(p, ParameterRole.BufferOut, $"writable pointer followed by capacity '{next.Name}'");
                }
                if (ptr.Pointee is PrimitiveType { Kind: PrimitiveKind.Char })
                    return ptr.PointeeIsConst
                        ? Base(p, ParameterRole.StringIn, "const char * without a length: a NUL-terminated string")
                        : Base(p, ParameterRole.StringOut, "char * without a length: a string the call may write or modify");
                return Base(p, ParameterRole.Pointer, $"{t.Spelling} without a length");
            case PointerType array when next is not null && IsLength(next) && ElementSize(array.Pointee) is { } size:
                isBuffer = true;
                return Elements(p, array, next, size);
            case PointerType:
                return Base(p, ParameterRole.Pointer, $"pointer {t.Spelling}");
            case EnumType e:
                var decl = types.Enums.FirstOrDefault(x => x.Key == e.Key);
                var flags = decl is not null && decl.Constants.Count(c => c.Value != 0) >= 3 && decl.Constants.All(c => c.Value >= 0 && (c.Value & (c.Value - 1)) == 0);
                return Base(p, flags ? ParameterRole.Flags : ParameterRole.Enum,
                    flags ? $"enum {t.Spelling} whose members are distinct bits" : $"enum {t.Spelling}") with { Enum = decl?.Name };
            case RecordType:
                return Base(p, ParameterRole.Struct, $"struct {t.Spelling} by value");
            case PrimitiveType when NamingRules.FlagsName().IsMatch(p.Name):
                return Base(p, ParameterRole.Flags, $"integer named '{p.Name}'");
            default:
                return Base(p, ParameterRole.Scalar, $"{t.Spelling} value");
        }
    }

    /// <summary>
    /// A typed pointer followed by a length is an array whose length counts elements (<c>const int *numbers, int
    /// count</c>), so the buffer carries its element size and a count never exceeds the elements it holds. Numbers
    /// are buffers of any bytes; pointers (<c>const char *const *strings</c>) only zeroed memory, as other pointers
    /// are: random bytes there would be addresses the call dereferences.
    /// </summary>
    private ApiParameter Elements(ParameterDecl p, PointerType array, ParameterDecl next, int size)
    {
        var why = $"{array.Spelling} followed by length '{next.Name}': an array of {size}-byte elements, its length counts them";
        var role = array.Pointee is PointerType ? ParameterRole.Pointer
            : array.PointeeIsConst ? ParameterRole.BufferIn : ParameterRole.BufferOut;
        return Base(p, role, why) with { ElementSize = size };
    }

    /// <summary>The size of an array element a pointer may point to: a number, an enum or a pointer (LP64); null for
    /// anything else (a struct, void, a function).</summary>
    private int? ElementSize(CType pointee) => pointee switch
    {
        PointerType => 8,
        PrimitiveType { Kind: PrimitiveKind.Void } => null,
        PrimitiveType or EnumType => types.Abi(pointee) switch
        {
            AbiKind.I8 or AbiKind.U8 => 1,
            AbiKind.I16 or AbiKind.U16 => 2,
            AbiKind.I32 or AbiKind.U32 or AbiKind.F32 => 4,
            AbiKind.I64 or AbiKind.U64 or AbiKind.F64 or AbiKind.Ptr => 8,
            _ => null,
        },
        _ => null,
    };

    private static bool IsLength(ParameterDecl p) =>
        p.Type is PrimitiveType { Kind: not (PrimitiveKind.Void or PrimitiveKind.Bool or PrimitiveKind.Char or PrimitiveKind.Float or PrimitiveKind.Double) }
        && (p.Type.Spelling == "size_t" || NamingRules.LengthName().IsMatch(p.Name));

    private ApiReturn Return(FunctionDecl f)
    {
        var t = f.ReturnType;
        ApiReturn Make(ReturnRole role, string why) => new(t.Spelling, types.Abi(t), role, why);
        if (t is PrimitiveType { Kind: PrimitiveKind.Void }) return Make(ReturnRole.Void, "void");
        if (t is PrimitiveType { Kind: PrimitiveKind.Int } && okConstant is not null && NamingRules.QuantityName().IsMatch(f.Name))
            return Make(ReturnRole.Scalar, "int, and the name says it is a quantity");
        if (ResourceOf(t) is { } r) return Make(ReturnRole.HandleProducer, $"returns the resource {r.Name}") with { Resource = r.Name };
        switch (t)
        {
            case PointerType { Pointee: PrimitiveType { Kind: PrimitiveKind.Char } }:
                return Make(ReturnRole.StringToCopy, "returns char *: copy it before another call can overwrite or free it");
            case PointerType:
                return Make(ReturnRole.Pointer, $"returns {t.Spelling}");
            case RecordType:
                return Make(ReturnRole.Struct, $"returns struct {t.Spelling} by value");
            case EnumType e:
                var decl = types.Enums.FirstOrDefault(x => x.Key == e.Key);
                return NamingRules.StatusTypeName().IsMatch(t.Spelling)
                    ? Make(ReturnRole.Status, $"enum named like a status: {t.Spelling}") with { Enum = decl?.Name }
                    : Make(ReturnRole.Scalar, $"enum {t.Spelling}") with { Enum = decl?.Name };
            case PrimitiveType { Kind: PrimitiveKind.Int } when okConstant is not null && f.Parameters.Any(p => p.Type is PointerType):
                return Make(ReturnRole.Status, $"int from a function taking pointers, in a library with status constants ({okConstant})");
            default:
                return Make(ReturnRole.Scalar, $"{t.Spelling} value");
        }
    }
}
