using Stampede.Bindgen;

namespace Stampede.Tests.Bindgen;

public sealed class ExpatBindingTests
{
    private static GeneratedLibrary _expat = null!;

    [OneTimeSetUp]
    public void Generate() => _expat = GeneratedLibrary.Build(new BindgenOptions(["/usr/include/expat.h"], "expat"));

    [Test]
    public void CreateParseFree()
    {
        const string xml = "<doc><item n='1'/><item n='2'/></doc>";
        var parser = _expat.Call("XML_ParserCreate", 0);
        Assert.That(parser, Is.Not.Zero);
        using var text = new NativeString(xml);
        Assert.That(_expat.Call("XML_Parse", parser, text.Slot, xml.Length, 1), Is.EqualTo(1), "XML_STATUS_OK");
        _expat.Call("XML_ParserFree", parser);
    }

    [Test]
    public void StructLayoutMatchesC() => StructLayoutProbe.AssertMatches(_expat, "#include <expat.h>");

    [Test]
    public void XmlParserIsAHandleNamedByItsPointerTypedef()
    {
        var parser = _expat.Model.Resource("XML_Parser")!;
        Assert.Multiple(() =>
        {
            Assert.That(parser.Opaque, Is.True);
            Assert.That(parser.Producers.Select(p => p.Function), Does.Contain("XML_ParserCreate"));
            Assert.That(parser.Destructors, Is.EqualTo(new[] { "XML_ParserFree" }));
            Assert.That(_expat.Model.Enums.Select(e => e.Name), Does.Contain("XML_Status"));
        });
    }
}
