using Stampede.Bindgen;
using Stampede.Bindgen.Config;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

public sealed class ZlibBindingTests
{
    private const string Probe = """
        public static unsafe class Probe
        {
            // compress + uncompress through the typed wrappers; returns the round-tripped text.
            public static string RoundTrip(string text)
            {
                var input = System.Text.Encoding.UTF8.GetBytes(text);
                var packed = new byte[Native.compressBound((nuint)input.Length)];
                var restored = new byte[input.Length];
                fixed (byte* i = input) fixed (byte* p = packed) fixed (byte* r = restored)
                {
                    nuint packedLength = (nuint)packed.Length;
                    if (Native.compress(p, &packedLength, i, (nuint)input.Length) != Constants.Z_OK) return "compress failed";
                    nuint restoredLength = (nuint)restored.Length;
                    if (Native.uncompress(r, &restoredLength, p, packedLength) != Constants.Z_OK) return "uncompress failed";
                    return System.Text.Encoding.UTF8.GetString(restored, 0, (int)restoredLength);
                }
            }

            // A z_stream initialized and ended in caller memory, as a thread-confined resource is used.
            public static int DeflateInitEnd()
            {
                z_stream s = default;
                var rc = Native.deflateInit_(&s, Constants.Z_DEFAULT_COMPRESSION, Native.zlibVersion(), sizeof(z_stream));
                return rc != Constants.Z_OK ? rc : Native.deflateEnd(&s);
            }
        }
        """;

    private static GeneratedLibrary _zlib = null!;

    [OneTimeSetUp]
    public void Generate()
    {
        var config = new BindgenConfig(Resources: new Dictionary<string, ResourceOverride>
        {
            ["z_stream"] = new(Producers: ["deflateInit_", "inflateInit_"], Destructors: ["deflateEnd", "inflateEnd"], Sharing: ResourceSharing.ThreadConfined),
        });
        _zlib = GeneratedLibrary.Build(new BindgenOptions(["/usr/include/zlib.h"], "z", Config: config), Probe);
    }

    [Test]
    public void CompressUncompressRoundTripsThroughTheGeneratedBindings() =>
        Assert.That(_zlib.Probe("Probe", "RoundTrip", "hello hello hello zlib"), Is.EqualTo("hello hello hello zlib"));

    [Test]
    public void ZStreamIsAThreadConfinedResourceFromTheConfig()
    {
        var stream = _zlib.Model.Resource("z_stream")!;
        Assert.Multiple(() =>
        {
            Assert.That(_zlib.Probe("Probe", "DeflateInitEnd"), Is.EqualTo(0));
            Assert.That(stream.Sharing, Is.EqualTo(ResourceSharing.ThreadConfined));
            Assert.That(stream.Producers, Does.Contain(new ResourceProducer("deflateInit_", "initializes", 0)));
            Assert.That(stream.Destructors, Is.EqualTo(new[] { "deflateEnd", "inflateEnd" }));
            Assert.That(stream.Consumers, Does.Contain("deflate").And.Not.Contain("deflateEnd"));
            Assert.That(_zlib.Function("deflate").Parameters[0].Role, Is.EqualTo(ParameterRole.HandleIn));
        });
    }

    [Test]
    public void GeneratedStructsHaveTheLayoutClangComputes()
    {
        Assert.That(_zlib.Output.Plan.Types.Structs.Select(s => s.Key), Does.Contain("struct z_stream_s"));
        StructLayoutProbe.AssertMatches(_zlib, "#include <zlib.h>");
    }

    [Test]
    public void LengthParametersArePairedWithTheirBuffers()
    {
        var compress = _zlib.Function("compress");
        Assert.Multiple(() =>
        {
            Assert.That(compress.Parameters[2].Role, Is.EqualTo(ParameterRole.BufferIn));
            Assert.That(compress.Parameters[2].LengthParameter, Is.EqualTo(3));
            Assert.That(compress.Parameters[3].Role, Is.EqualTo(ParameterRole.Length));
            Assert.That(_zlib.Function("zlibVersion").Returns.Role, Is.EqualTo(ReturnRole.StringToCopy));
        });
    }
}
