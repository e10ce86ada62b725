using Stampede.Bindgen;
using Stampede.Bindgen.Config;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

/// <summary>What the ownership rules infer from real headers: handles borrowed from their owner, handles passed to
/// a container, calls that drop what a handle holds, and destructors the naming rules must see.</summary>
public sealed class OwnershipInferenceTests
{
    private const string Cjson = "/usr/include/cjson/cJSON.h", Lua = "/usr/include/lua5.4/lua.h", Sqlite = "/usr/include/sqlite3.h",
        Zlib = "/usr/include/zlib.h", Xml = "/usr/include/libxml2/libxml/parser.h";

    private static readonly Dictionary<string, ApiModel> Models = [];

    private static ApiModel ModelOf(string header, BindgenConfig? config = null)
    {
        if (config is null && Models.TryGetValue(header, out var cached)) return cached;
        var library = header switch { Cjson => "cjson", Lua => "lua5.4", Sqlite => "sqlite3", Zlib => "z", _ => "xml2" };
        var options = new BindgenOptions([header], library,
            IncludeDirectories: header == Xml ? ["/usr/include/libxml2"] : null, Config: config, ConfigPath: "stampede.json");
        var model = BindingGenerator.Plan(options).Model;
        if (config is null) Models[header] = model;
        return model;
    }

    private static ApiFunction Function(ApiModel model, string name) => model.Function(name) ?? throw new AssertionException($"{name} is not bound");

    // A returned handle: the parameter it is borrowed from (-1: the library), or null when the caller owns it.
    [TestCase(Cjson, "cJSON_GetObjectItem", 0)]
    [TestCase(Cjson, "cJSON_GetArrayItem", 0)]
    [TestCase(Cjson, "cJSON_AddObjectToObject", 0)]
    [TestCase(Cjson, "cJSON_DetachItemFromArray", null)]
    [TestCase(Cjson, "cJSON_Duplicate", null)]
    [TestCase(Cjson, "cJSON_CreateObjectReference", null)]
    [TestCase(Cjson, "cJSON_Parse", null)]
    [TestCase(Lua, "lua_newthread", 0)]
    [TestCase(Lua, "lua_tothread", 0)]
    [TestCase(Lua, "lua_newstate", null)]
    [TestCase(Sqlite, "sqlite3_db_mutex", 0)]
    [TestCase(Sqlite, "sqlite3_db_handle", 0)]
    [TestCase(Sqlite, "sqlite3_next_stmt", 0)]
    [TestCase(Sqlite, "sqlite3_vfs_find", -1)]
    [TestCase(Sqlite, "sqlite3_str_new", null)]
    [TestCase(Sqlite, "sqlite3_value_dup", null)]
    [TestCase(Sqlite, "sqlite3_mutex_alloc", null)]
    [TestCase(Xml, "xmlParserFindNodeInfo", 0)]
    [TestCase(Xml, "xmlCtxtReadMemory", null)]
    public void ReturnedHandleIsBorrowedOnlyWhenTheCallDoesNotMakeIt(string header, string function, int? owner)
    {
        var borrowed = Function(ModelOf(header), function).Returns.BorrowedFrom;
        Assert.That(borrowed is null ? (int?)null : borrowed.Parameter ?? -1, Is.EqualTo(owner), borrowed?.Why);
        if (borrowed is not null) Assert.That(borrowed.Why, Is.Not.Empty);
    }

    // A handle parameter passed to another: the item's name and the container's index, or null when none is passed.
    [TestCase("cJSON_AddItemToObject", "item", 0)]
    [TestCase("cJSON_AddItemToArray", "item", 0)]
    [TestCase("cJSON_InsertItemInArray", "newitem", 0)]
    [TestCase("cJSON_ReplaceItemInObject", "newitem", 0)]
    [TestCase("cJSON_ReplaceItemViaPointer", "replacement", 0)]
    [TestCase("cJSON_AddItemReferenceToArray", "item", null)]
    [TestCase("cJSON_Compare", "b", null)]
    public void ItemPutIntoAContainerIsPassedToIt(string function, string parameter, int? container)
    {
        var p = Function(ModelOf(Cjson), function).Parameters.Single(x => x.Name == parameter);
        Assert.That(p.PassedTo?.Parameter, Is.EqualTo(container), p.PassedTo?.Why);
    }

    // A handle parameter the call takes out of its first one (the index of that one), or null.
    [TestCase("cJSON_DetachItemViaPointer", "item", 0)]
    [TestCase("cJSON_ReplaceItemViaPointer", "item", 0)]
    [TestCase("cJSON_ReplaceItemViaPointer", "replacement", null)]
    [TestCase("cJSON_AddItemToArray", "item", null)]
    [TestCase("cJSON_Compare", "b", null)]
    public void ItemTakenOutOfAContainerMustBeOneItHolds(string function, string parameter, int? holder)
    {
        var p = Function(ModelOf(Cjson), function).Parameters.Single(x => x.Name == parameter);
        Assert.That(p.MemberOf?.Parameter, Is.EqualTo(holder), p.MemberOf?.Why);
    }

    /// <summary>cJSON_free(void *object) frees what cJSON allocated; a program can only give it its own buffers, and
    /// freeing one aborted the worker on one thread. Destructors of handles stay callable.</summary>
    [TestCase(Cjson, "cJSON_free", true)]
    [TestCase(Sqlite, "sqlite3_free", true)]
    [TestCase(Cjson, "cJSON_Delete", false)]
    [TestCase(Sqlite, "sqlite3_close", false)]
    [TestCase(Cjson, "cJSON_malloc", false)]
    public void AFunctionFreeingLibraryMemoryIsNeverCalled(string header, string function, bool never)
    {
        var f = Function(ModelOf(header), function);
        Assert.That(f.NeverCall is not null, Is.EqualTo(never), f.NeverCall);
    }

    [TestCase("cJSON_DeleteItemFromObject", true)]
    [TestCase("cJSON_DetachItemFromArray", true)]
    [TestCase("cJSON_ReplaceItemInArray", true)]
    [TestCase("cJSON_AddItemToObject", false)]
    [TestCase("cJSON_GetObjectItem", false)]
    public void DeletingDetachingOrReplacingAnItemDropsWhatTheContainerHolds(string function, bool drops) =>
        Assert.That(Function(ModelOf(Cjson), function).Parameters[0].DropsOwned is not null, Is.EqualTo(drops));

    [TestCase(Zlib, "gzFile", "gzclose")]
    [TestCase(Zlib, "gzFile", "gzclose_r")]
    [TestCase(Sqlite, "sqlite3_stmt", "sqlite3_finalize")]
    [TestCase(Sqlite, "sqlite3", "sqlite3_close_v2")]
    [TestCase(Sqlite, "sqlite3_backup", "sqlite3_backup_finish")]
    [TestCase(Xml, "xmlParserCtxt", "xmlFreeParserCtxt")]
    [TestCase(Lua, "lua_State", "lua_close")]
    [TestCase(Cjson, "cJSON", "cJSON_Delete")]
    public void DestructorIsInferredFromItsName(string header, string resource, string destructor) =>
        Assert.That(ModelOf(header).Resource(resource)!.Destructors, Does.Contain(destructor));

    [Test]
    public void DestructorWordElsewhereInTheNameIsNotADestructor() =>
        Assert.That(ModelOf(Sqlite).Resource("sqlite3")!.Destructors, Does.Not.Contain("sqlite3_db_release_memory"));

    [Test]
    public void ConfigOverridesOwnershipBothWays()
    {
        var config = new BindgenConfig(Functions: new Dictionary<string, FunctionOverride>
        {
            ["cJSON_GetObjectItem"] = new(BorrowedFrom: OwnerName.Caller),
            ["cJSON_Duplicate"] = new(BorrowedFrom: "item"),
            ["cJSON_AddItemToArray"] = new(Parameters: new Dictionary<string, ParameterOverride> { ["item"] = new(PassedTo: OwnerName.Caller) }),
            ["cJSON_Compare"] = new(Parameters: new Dictionary<string, ParameterOverride> { ["b"] = new(PassedTo: OwnerName.Library, DropsOwned: true) }),
        });
        var model = ModelOf(Cjson, config);
        Assert.Multiple(() =>
        {
            Assert.That(Function(model, "cJSON_GetObjectItem").Returns.BorrowedFrom, Is.Null);
            Assert.That(Function(model, "cJSON_Duplicate").Returns.BorrowedFrom, Is.EqualTo(new HandleOwner(0, "set in config")));
            Assert.That(Function(model, "cJSON_AddItemToArray").Parameters[1].PassedTo, Is.Null);
            Assert.That(Function(model, "cJSON_Compare").Parameters[1].PassedTo, Is.EqualTo(new HandleOwner(null, "set in config")));
            Assert.That(Function(model, "cJSON_Compare").Parameters[1].DropsOwned, Is.EqualTo("set in config"));
        });
    }

    [TestCase("nope", "has no parameter 'nope'")]
    [TestCase("string", "names 'string', which is not a handle parameter")]
    public void ConfigOwnerMustBeAHandleParameter(string owner, string message)
    {
        var config = new BindgenConfig(Functions: new Dictionary<string, FunctionOverride> { ["cJSON_GetObjectItem"] = new(BorrowedFrom: owner) });
        Assert.That(() => ModelOf(Cjson, config), Throws.TypeOf<BindgenException>().With.Message.Contains(message));
    }

    [Test]
    public void OwnershipRoundTripsThroughApiJsonAndABadLinkIsRefused()
    {
        var model = ModelOf(Cjson);
        var json = ApiModelJson.Write(model);
        Assert.That(json, Does.Contain("\"borrowedFrom\"").And.Contain("\"passedTo\"").And.Contain("\"dropsOwned\""));
        Assert.That(ApiModelJson.Write(ApiModelJson.Parse(json, "api.json")), Is.EqualTo(json));
        var get = Function(model, "cJSON_GetObjectItem");
        var broken = model with
        {
            Functions = [.. model.Functions.Select(f => f == get ? f with { Returns = f.Returns with { BorrowedFrom = new HandleOwner(1, "edited") } } : f)],
        };
        Assert.That(() => ApiModelJson.Parse(ApiModelJson.Write(broken), "api.json"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("returns.borrowedFrom"));
    }
}
