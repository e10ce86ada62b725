using Stampede.Model.Api;

namespace Stampede.Tests.Programs;

/// <summary>API models written by hand, shaped like the sample libraries' headers, so program tests do not depend
/// on bindgen. <see cref="Lab"/> adds every parameter role and resource feature the samples lack.</summary>
public static class TestModels
{
    public static ApiModel KvStore { get; } = Model("kvstore",
        [
            Fn("kv_open", Returns("kv_store"), Str("name")),
            Fn("kv_close", Void(), Handle("store", "kv_store")),
            Fn("kv_put", Status("kv_status"), Handle("store", "kv_store"), Str("key"), Str("value")),
            Fn("kv_get", Status("kv_status"), Handle("store", "kv_store"), Str("key"), BufferOut("buf", length: 3), Length("buf_len", buffer: 2)),
            Fn("kv_delete", Status("kv_status"), Handle("store", "kv_store"), Str("key")),
            Fn("kv_count", Scalar("size_t", AbiKind.U64), Handle("store", "kv_store")),
            Fn("kv_name", StringResult(), Handle("store", "kv_store")),
            Fn("kv_errno", Status("kv_status")),
            Fn("kv_strerror", StringResult(), EnumParam("status", "kv_status")),
        ],
        [Resource("kv_store", ["kv_open"], ["kv_close"])],
        [new ApiEnum("kv_status", AbiKind.I32, false, [new("KV_OK", 0), new("KV_NOT_FOUND", 1), new("KV_EINVAL", -1), new("KV_ENOMEM", -2), new("KV_ETRUNC", -3)])],
        [new ApiConstant("KV_MAX_KEY", "int", "64"), new ApiConstant("KV_MAX_VALUE", "int", "256")]);

    public static ApiModel ObjCache { get; } = Model("objcache",
        [
            Fn("obj_new", Returns("obj"), Str("label")),
            Fn("obj_retain", Returns("obj"), Handle("o", "obj")),
            Fn("obj_release", Void(), Handle("o", "obj")),
            Fn("obj_refcount", Scalar("int", AbiKind.I32), Handle("o", "obj")),
            Fn("reg_add", Scalar("int", AbiKind.I32), Str("name")),
            Fn("reg_find", Scalar("int", AbiKind.I32), Str("name")),
            Fn("cache_intern", Scalar("int", AbiKind.I32), Str("key")),
        ],
        [Resource("obj", ["obj_new", "obj_retain"], ["obj_release"])], [], []);

    /// <summary>Every role: out-parameter and initializing producers, a thread-confined resource, bytes, floats,
    /// flags, small integers, a domain, a callback, and functions programs must not call.</summary>
    public static ApiModel Lab { get; } = Model("lab",
        [
            Fn("lab_create", Status("lab_status"), new ApiParameter("out", "lab_obj **", AbiKind.Ptr, ParameterRole.HandleOut, "test", Resource: "lab_obj"), Str("name")),
            Fn("lab_free", Void(), Handle("o", "lab_obj")),
            Fn("lab_write", Status("lab_status"), Handle("o", "lab_obj"), new ApiParameter("data", "const void *", AbiKind.Ptr, ParameterRole.BufferIn, "test", LengthParameter: 2), Length("len", buffer: 1)),
            Fn("lab_scale", Void(), new ApiParameter("factor", "double", AbiKind.F64, ParameterRole.Scalar, "test")),
            Fn("lab_mask", Status("lab_status"), new ApiParameter("flags", "lab_flags", AbiKind.I32, ParameterRole.Flags, "test", Enum: "lab_flags")),
            Fn("lab_mode", Status("lab_status"), EnumParam("mode", "lab_status")),
            Fn("lab_byte", Void(), new ApiParameter("b", "uint8_t", AbiKind.U8, ParameterRole.Scalar, "test")),
            Fn("lab_level", Void(), new ApiParameter("level", "int", AbiKind.I32, ParameterRole.Scalar, "test", Domain: new ArgumentDomain(Min: 0, Max: 9))),
            Fn("lab_parse", Status("lab_status"), Str("text"), new ApiParameter("out", "long *", AbiKind.Ptr, ParameterRole.Pointer, "test")),
            Fn("lab_on_event", Void(), new ApiParameter("cb", "lab_cb", AbiKind.Ptr, ParameterRole.Callback, "test"), new ApiParameter("user", "void *", AbiKind.Ptr, ParameterRole.UserData, "test")),
            Fn("lab_stream_init", Status("lab_status"), new ApiParameter("s", "lab_stream *", AbiKind.Ptr, ParameterRole.HandleIn, "test", Resource: "lab_stream")),
            Fn("lab_stream_feed", Status("lab_status"), Handle("s", "lab_stream"), Str("text")),
            Fn("lab_stream_end", Void(), Handle("s", "lab_stream")),
            Fn("lab_abort", Void()) with { NeverCall = "ends the process" },
            Fn("lab_pair", Void(), new ApiParameter("p", "lab_pair", AbiKind.Struct, ParameterRole.Struct, "test")) with { NotDispatchable = "struct by value" },
        ],
        [
            Resource("lab_obj", ["lab_create"], ["lab_free"], how: "out-parameter", parameter: 0),
            Resource("lab_stream", ["lab_stream_init"], ["lab_stream_end"], how: "initializes", parameter: 0, sharing: ResourceSharing.ThreadConfined),
        ],
        [
            new ApiEnum("lab_status", AbiKind.I32, false, [new("LAB_OK", 0), new("LAB_FAIL", -1)]),
            new ApiEnum("lab_flags", AbiKind.I32, true, [new("LAB_A", 1), new("LAB_B", 2), new("LAB_C", 4)]),
        ],
        []);

    public static IEnumerable<ApiModel> All => [KvStore, ObjCache, Lab];

    public static ApiModel ByName(string library) => All.Single(m => m.Library == library);

    private static ApiModel Model(string library, List<ApiFunction> functions, List<ApiResource> resources, List<ApiEnum> enums, List<ApiConstant> constants)
    {
        var indexed = functions.Select((f, i) => f with { Index = i }).ToList();
        var withConsumers = resources.Select(r => r with
        {
            Consumers = indexed.Where(f => f.Parameters.Any(p => p.Resource == r.Name) && !r.Destructors.Contains(f.Name)).Select(f => f.Name).ToList(),
        }).ToList();
        return new ApiModel(ApiModel.CurrentSchemaVersion, library, [library + ".h"], indexed, withConsumers, [], enums, constants, [], []);
    }

    private static ApiFunction Fn(string name, ApiReturn returns, params ApiParameter[] parameters) =>
        new(0, name, returns, parameters, "test.h:1");

    private static ApiResource Resource(string name, List<string> producers, List<string> destructors,
        string how = "returns", int? parameter = null, ResourceSharing sharing = ResourceSharing.Shared) =>
        new(name, name + " *", true, producers.Select(p => new ResourceProducer(p, how, parameter)).ToList(), [], destructors, sharing, "test");

    private static ApiReturn Returns(string resource) => new(resource + " *", AbiKind.Ptr, ReturnRole.HandleProducer, "test", Resource: resource);
    private static ApiReturn Void() => new("void", AbiKind.Void, ReturnRole.Void, "test");
    private static ApiReturn Status(string e) => new(e, AbiKind.I32, ReturnRole.Status, "test", Enum: e);
    private static ApiReturn Scalar(string c, AbiKind abi) => new(c, abi, ReturnRole.Scalar, "test");
    private static ApiReturn StringResult() => new("const char *", AbiKind.Ptr, ReturnRole.StringToCopy, "test");
    private static ApiParameter Handle(string name, string resource) => new(name, resource + " *", AbiKind.Ptr, ParameterRole.HandleIn, "test", Resource: resource);
    private static ApiParameter Str(string name) => new(name, "const char *", AbiKind.Ptr, ParameterRole.StringIn, "test");
    private static ApiParameter BufferOut(string name, int length) => new(name, "char *", AbiKind.Ptr, ParameterRole.BufferOut, "test", LengthParameter: length);
    private static ApiParameter Length(string name, int buffer) => new(name, "size_t", AbiKind.U64, ParameterRole.Length, "test", BufferParameter: buffer);
    private static ApiParameter EnumParam(string name, string e) => new(name, e, AbiKind.I32, ParameterRole.Enum, "test", Enum: e);
}
