using Stampede.Bindgen;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

public sealed class CjsonBindingTests
{
    private static GeneratedLibrary _cjson = null!;

    [OneTimeSetUp]
    public void Generate() => _cjson = GeneratedLibrary.Build(new BindgenOptions(["/usr/include/cjson/cJSON.h"], "cjson"));

    [Test]
    public void ParseAndPrintRoundTripThroughTheDispatcher()
    {
        using var text = new NativeString("""{"name":"stampede","threads":[1,2,3],"ok":true}""");
        var json = _cjson.Call("cJSON_Parse", text.Slot);
        Assert.That(json, Is.Not.Zero);
        var printed = _cjson.Call("cJSON_PrintUnformatted", json);
        Assert.That(NativeString.Read(printed), Is.EqualTo("""{"name":"stampede","threads":[1,2,3],"ok":true}"""));
        _cjson.Call("cJSON_free", printed);
        _cjson.Call("cJSON_Delete", json);
    }

    [Test]
    public void CjsonIsAResourceProducedByParseAndDestroyedByDelete()
    {
        var resource = _cjson.Model.Resource("cJSON")!;
        Assert.Multiple(() =>
        {
            Assert.That(resource.Opaque, Is.False, "cJSON is a complete struct, bound with its layout");
            Assert.That(resource.Producers.Select(p => p.Function), Does.Contain("cJSON_Parse"));
            Assert.That(resource.Destructors, Is.EqualTo(new[] { "cJSON_Delete" }));
            Assert.That(resource.Why, Does.Contain("cJSON_Delete destroys it"));
            Assert.That(_cjson.Function("cJSON_Print").Returns.Role, Is.EqualTo(ReturnRole.StringToCopy));
        });
    }

    [Test]
    public void StructLayoutMatchesC()
        => StructLayoutProbe.AssertMatches(_cjson, "#include <cjson/cJSON.h>");
}
