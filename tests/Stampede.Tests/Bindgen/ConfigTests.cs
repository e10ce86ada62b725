using Stampede.Bindgen;
using Stampede.Bindgen.Config;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

/// <summary>The config merged over the inferred model, and its errors.</summary>
public sealed class ConfigTests
{
    private readonly List<string> _dirs = [];

    [TearDown]
    public void Clean()
    {
        _dirs.ForEach(d => Directory.Delete(d, recursive: true));
        _dirs.Clear();
    }

    private BindgenOptions KvStore(string configText, out string path)
    {
        var dir = Directory.CreateTempSubdirectory("stampede-config-").FullName;
        _dirs.Add(dir);
        path = Path.Combine(dir, "stampede.json");
        File.WriteAllText(path, configText);
        return new BindgenOptions([RepositoryPaths.SampleHeader("kvstore")], RepositoryPaths.SampleLibrary("kvstore"),
            Config: ConfigLoader.Load(path), ConfigPath: path);
    }

    [Test]
    public void OverridesAreMergedOverTheInferredModel()
    {
        var options = KvStore("""
            {
              // comments are allowed
              "prefixes": ["kv_"],
              "exclude": ["kv_errno"],
              "neverCall": { "kv_delete": "drops data the run still needs" },
              "nondeterministic": { "kv_count": "depends on other threads" },
              "orderInsensitive": { "kv_strerror": "a constant message per status" },
              "functions": {
                "kv_get": {
                  "returns": "scalar",
                  "parameters": {
                    "key": { "domain": { "strings": ["a", "b"] } },
                    "buf_len": { "domain": { "min": 0, "max": 64 } }
                  }
                },
                "kv_strerror": { "parameters": { "status": { "domain": { "enumMembers": ["KV_OK", "KV_EINVAL"] } } } }
              },
              "resources": { "kv_store": { "sharing": "thread-confined", "destructors": ["kv_close"] } },
            }
            """, out _);
        var model = BindingGenerator.Plan(options).Model;
        var get = model.Function("kv_get")!;
        Assert.Multiple(() =>
        {
            Assert.That(model.Function("kv_errno"), Is.Null);
            Assert.That(model.Skipped.Single(s => s.Name == "kv_errno").Reason, Is.EqualTo("excluded by config"));
            Assert.That(model.Function("kv_delete")!.NeverCall, Is.EqualTo("drops data the run still needs"));
            Assert.That(model.Function("kv_count")!.Nondeterministic, Is.EqualTo("depends on other threads"));
            Assert.That(model.Function("kv_strerror")!.OrderInsensitive, Is.EqualTo("a constant message per status"));
            Assert.That(model.Function("kv_get")!.OrderInsensitive, Is.Null);
            Assert.That(get.Returns.Role, Is.EqualTo(ReturnRole.Scalar));
            Assert.That(get.Returns.Why, Is.EqualTo("set in config"));
            Assert.That(get.Parameters[1].Domain!.Strings, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(get.Parameters[3].Domain!.Max, Is.EqualTo(64));
            Assert.That(get.Parameters[3].Role, Is.EqualTo(ParameterRole.Length), "a domain alone keeps the inferred role");
            Assert.That(model.Function("kv_strerror")!.Parameters[0].Domain!.EnumMembers, Is.EqualTo(new[] { "KV_OK", "KV_EINVAL" }));
            Assert.That(model.Resource("kv_store")!.Sharing, Is.EqualTo(ResourceSharing.ThreadConfined));
            Assert.That(model.Resource("kv_store")!.Destructors, Is.EqualTo(new[] { "kv_close" }));
        });
    }

    [TestCase("""{ "functions": { "kv_get": { "parameters": { "nope": { "role": "scalar" } } } } }""", "function 'kv_get' has no parameter 'nope'")]
    [TestCase("""{ "nondeterministic": { "kv_bogus": "x" } }""", "unknown function 'kv_bogus' in \"nondeterministic\"")]
    [TestCase("""{ "resources": { "kv_nothing": { "sharing": "shared" } } }""", "unknown resource 'kv_nothing'")]
    [TestCase("""{ "orderInsensitive": { "kv_bogus": "x" } }""", "unknown function 'kv_bogus' in \"orderInsensitive\"")]
    [TestCase("""{ "orderInsensitive": { "kv_open": "x" } }""", "function 'kv_open' in \"orderInsensitive\" produces a handle (kv_store)")]
    [TestCase("""{ "orderInsensitive": { "kv_close": "x" } }""", "function 'kv_close' in \"orderInsensitive\" destroys a handle (kv_store)")]
    public void MistakesNameTheFileAndTheThing(string config, string expected)
    {
        var options = KvStore(config, out var path);
        Assert.That(() => BindingGenerator.Plan(options),
            Throws.TypeOf<BindgenException>().With.Message.StartsWith(path).And.Message.Contains(expected));
    }

    [Test]
    public void UnknownPropertiesAreErrors() =>
        Assert.That(() => KvStore("""{ "excludes": ["kv_get"] }""", out _),
            Throws.TypeOf<BindgenException>().With.Message.Contains("invalid config"));
}
