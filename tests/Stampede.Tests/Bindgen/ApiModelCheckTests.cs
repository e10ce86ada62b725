using System.Text.Json.Nodes;
using Stampede.Model.Api;
using Stampede.Tests.Programs;

namespace Stampede.Tests.Bindgen;

/// <summary>
/// An api.json that parses as JSON but that the rest of Stampede cannot use is refused when it is read, with an
/// <see cref="InvalidDataException"/> naming the file and the member, not later with a NullReferenceException deep in
/// generation or a program that cannot be written as text. Each case is an input the self-fuzzer (api target) found.
/// </summary>
public sealed class ApiModelCheckTests
{
    private static readonly string KvStoreJson = ApiModelJson.Write(TestModels.KvStore);

    public static IEnumerable<TestCaseData> BrokenModels()
    {
        TestCaseData Case(string name, Action<JsonObject> edit, string message) =>
            new TestCaseData(edit, message).SetName($"{{m}}({name})");
        yield return Case("a null return", m => m["functions"]![0]!["returns"] = null, "functions[0].returns is missing");
        yield return Case("null destructors", m => m["resources"]![0]!["destructors"] = null, "resources[0].destructors is missing");
        yield return Case("a null resource name", m => m["resources"]![0]!["name"] = null, "resources[0].name is missing");
        yield return Case("a null function", m => m["functions"]!.AsArray()[1] = null, "functions[1] is missing");
        yield return Case("a null header", m => m["headers"]!.AsArray()[0] = null, "headers[0] is missing");
        yield return Case("an empty library", m => m["library"] = "", "library '' cannot be written in a program");
        yield return Case("a library with a space", m => m["library"] = "kv store", "library 'kv store' cannot be written in a program");
        yield return Case("a function name that is no identifier", m => m["functions"]![2]!["name"] = "kv_@put", "functions[2].name 'kv_@put' is not a C identifier");
        yield return Case("two functions of one name", m => m["functions"]![3]!["name"] = "kv_put", "functions[3].name: kv_put is also functions[2]");
        yield return Case("an index that is not the position", m => m["functions"]![3]!["index"] = 7, "functions[3].index is 7");
        yield return Case("a length parameter out of range", m => m["functions"]![3]!["parameters"]![3]!["bufferParameter"] = 9, "functions[3].parameters[3].bufferParameter 9 is not a parameter of kv_get");
        yield return Case("an enum member that is no identifier", m => m["enums"]![0]!["members"]![1]!["name"] = "KV NOT FOUND", "enums[0].members[1].name 'KV NOT FOUND' is not a C identifier");
    }

    [TestCaseSource(nameof(BrokenModels))]
    public void IsRefusedNamingTheMember(Action<JsonObject> edit, string message)
    {
        var json = JsonNode.Parse(KvStoreJson)!.AsObject();
        edit(json);
        Assert.That(() => ApiModelJson.Parse(json.ToJsonString(), "kvstore/api.json"),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith($"kvstore/api.json: {message}"));
    }

    [Test]
    public void TheSampleHarnessesModelsAreAccepted()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "harnesses"), "api.json", SearchOption.AllDirectories))
            Assert.That(() => ApiModelJson.Read(file), Throws.Nothing, file);
    }
}
