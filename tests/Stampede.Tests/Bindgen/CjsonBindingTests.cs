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

    /// <summary>cJSON_CreateIntArray(const int *numbers, int count) reads count ints: the count is the array's length in
    /// elements of the pointer's type, so generation never passes more than the array holds (it passed its bytes, and
    /// the call read past the array on one thread).</summary>
    [TestCase("cJSON_CreateIntArray", ParameterRole.BufferIn, 4)]
    [TestCase("cJSON_CreateFloatArray", ParameterRole.BufferIn, 4)]
    [TestCase("cJSON_CreateDoubleArray", ParameterRole.BufferIn, 8)]
    [TestCase("cJSON_CreateStringArray", ParameterRole.Pointer, 8)]
    public void ArrayConstructorsCountElementsOfTheirTypedPointer(string function, ParameterRole role, int elementSize)
    {
        var f = _cjson.Function(function);
        Assert.Multiple(() =>
        {
            Assert.That(f.Parameters[0].Role, Is.EqualTo(role), "numbers are any bytes; string pointers are zeroed memory, never random addresses");
            Assert.That(f.Parameters[0].ElementSize, Is.EqualTo(elementSize));
            Assert.That(f.Parameters[0].LengthParameter, Is.EqualTo(1));
            Assert.That(f.Parameters[1].Role, Is.EqualTo(ParameterRole.Length));
            Assert.That(f.Parameters[1].BufferParameter, Is.EqualTo(0));
            Assert.That(f.Parameters[1].Why, Does.Contain($"in {elementSize}-byte elements"));
        });
    }

    [Test]
    public void StructLayoutMatchesC()
        => StructLayoutProbe.AssertMatches(_cjson, "#include <cjson/cJSON.h>");
}
