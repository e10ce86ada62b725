using Stampede.Bindgen;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

/// <summary>Every sample library of the project binds, compiles and answers through its dispatcher.</summary>
public sealed class SampleLibrariesTests
{
    [TestCase("textkit", "tk_tokenizer", "tk_tokenizer_new", "tk_tokenizer_free")]
    [TestCase("kvstore", "kv_store", "kv_open", "kv_close")]
    [TestCase("objcache", "obj", "obj_new", "obj_release")]
    [TestCase("svcconf", null, null, null)]
    public void SampleBindsWithItsResources(string lib, string? resource, string? producer, string? destructor)
    {
        var library = GeneratedLibrary.Build(new BindgenOptions([RepositoryPaths.SampleHeader(lib)], RepositoryPaths.SampleLibrary(lib)));
        Assert.Multiple(() =>
        {
            Assert.That(library.Model.Skipped.Where(s => s.Kind == "function"), Is.Empty);
            Assert.That(library.Dispatcher.FunctionNames, Is.EqualTo(library.Model.Functions.Select(f => f.Name)));
            if (resource is null) Assert.That(library.Model.Resources, Is.Empty);
            else
            {
                var r = library.Model.Resource(resource)!;
                Assert.That(r.Producers.Select(p => p.Function), Does.Contain(producer));
                Assert.That(r.Destructors, Is.EqualTo(new[] { destructor }));
            }
        });
    }

    [Test]
    public void ObjRetainIsBothAConsumerAndAProducer()
    {
        var objcache = GeneratedLibrary.Build(new BindgenOptions([RepositoryPaths.SampleHeader("objcache")], RepositoryPaths.SampleLibrary("objcache"), Prefixes: ["obj_"]));
        var obj = objcache.Model.Resource("obj")!;
        Assert.Multiple(() =>
        {
            Assert.That(obj.Producers, Does.Contain(new ResourceProducer("obj_retain", "returns")));
            Assert.That(obj.Consumers, Does.Contain("obj_retain"));
            Assert.That(objcache.Model.Functions.Select(f => f.Name), Is.All.StartsWith("obj_"));
        });
        using var label = new NativeString("x");
        var o = objcache.Call("obj_new", label.Slot);
        Assert.That(objcache.Call("obj_retain", o), Is.EqualTo(o));
        Assert.That(objcache.Call("obj_refcount", o), Is.EqualTo(2));
        objcache.Call("obj_release", o);
        objcache.Call("obj_release", o);
    }

    [Test]
    public void QuantitiesAreScalarsAndStatusesAreStatuses()
    {
        var textkit = GeneratedLibrary.Build(new BindgenOptions([RepositoryPaths.SampleHeader("textkit")], RepositoryPaths.SampleLibrary("textkit")));
        Assert.Multiple(() =>
        {
            Assert.That(textkit.Function("tk_abi_version").Returns.Role, Is.EqualTo(ReturnRole.Scalar));
            Assert.That(textkit.Function("tk_format_duration_r").Returns.Role, Is.EqualTo(ReturnRole.Status));
            Assert.That(textkit.Function("tk_parse_int").Returns.Role, Is.EqualTo(ReturnRole.Status));
            Assert.That(textkit.Call("tk_abi_version"), Is.EqualTo(3));
        });
    }
}

/// <summary>The dispatcher can be pointed at another loaded instance of the library, as the engine does to reset globals.</summary>
public sealed class RebindingTests
{
    [Test]
    public void BindSwitchesToAnotherInstanceAndMissingExportsThrow()
    {
        var original = RepositoryPaths.SampleLibrary("objcache");
        var objcache = GeneratedLibrary.Build(new BindgenOptions([RepositoryPaths.SampleHeader("objcache")], original, Prefixes: ["reg_"]));
        var copy = Path.Combine(Directory.CreateTempSubdirectory("stampede-rebind-").FullName, "libobjcache.so");
        File.Copy(original, copy);
        using var name = new NativeString("k");
        objcache.Call("reg_add", name.Slot);
        Assert.That(objcache.Call("reg_count"), Is.GreaterThan(0));

        var second = System.Runtime.InteropServices.NativeLibrary.Load(copy); // a distinct instance: its own globals
        objcache.Dispatcher.Bind(n => n == "reg_find" ? 0 : System.Runtime.InteropServices.NativeLibrary.GetExport(second, n));
        Assert.Multiple(() =>
        {
            Assert.That(objcache.Call("reg_count"), Is.Zero);
            Assert.That(() => objcache.Call("reg_find", name.Slot), Throws.TypeOf<EntryPointNotFoundException>().With.Message.Contains("reg_find"));
        });
        Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
    }
}
