using Stampede.Bindgen;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

/// <summary>api.json reads back to the same model, and a file of another schema version is refused.</summary>
public sealed class ApiModelJsonTests
{
    [Test]
    public void ApiJsonRoundTrips()
    {
        var written = BindingGenerator.Generate(new BindgenOptions(["/usr/include/sqlite3.h"], "sqlite3")).ApiJson;
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, written);
            var model = ApiModelJson.Read(path);
            Assert.Multiple(() =>
            {
                Assert.That(ApiModelJson.Write(model), Is.EqualTo(written));
                Assert.That(model.Function("sqlite3_open")!.Parameters[1].Role, Is.EqualTo(ParameterRole.HandleOut));
            });
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void AnotherSchemaVersionIsRefusedWithTheFileName()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "schemaVersion": 99, "library": "z", "headers": [], "functions": [], "resources": [], "structs": [], "enums": [], "constants": [], "callbacks": [], "skipped": [] }""");
            Assert.That(() => ApiModelJson.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.StartsWith(path).And.Message.Contains("schemaVersion 99"));
        }
        finally { File.Delete(path); }
    }
}
