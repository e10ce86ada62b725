using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Schema;
using Json.Schema;

namespace Stampede.Tests.Reports;

/// <summary>
/// The published schemas the CI outputs are held to, shipped in Reports/Schemas/ as published: the Ant/Jenkins JUnit
/// schema (JUnit.xsd, of the JUnit-Schema project) and the OASIS SARIF 2.1.0 schema (errata 01). Each check returns
/// the schema's complaints, none for a valid document.
/// </summary>
internal static class ReportSchemas
{
    private const string Draft04 = "http://json-schema.org/draft-04/schema#";
    private const string Draft07 = "http://json-schema.org/draft-07/schema#";

    private static string SchemaFile(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Reports", "Schemas", name);

    private static readonly Lazy<XmlSchemaSet> JUnit = new(() =>
    {
        var schemas = new XmlSchemaSet();
        using var reader = XmlReader.Create(SchemaFile("JUnit.xsd"));
        schemas.Add(null, reader);
        schemas.Compile();
        return schemas;
    });

    /// <summary>
    /// The OASIS schema is written in JSON Schema draft 04, which JsonSchema.Net does not read; it is read as draft 07,
    /// whose meaning is the same for every keyword the file uses (draft 04's <c>id</c> becomes <c>$id</c>; it has no
    /// boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>, the one change in meaning in between).
    /// </summary>
    private static readonly Lazy<JsonSchema> Sarif = new(() =>
    {
        var text = File.ReadAllText(SchemaFile("sarif-schema-2.1.0.json"));
        Assert.That(text, Does.Not.Contain("exclusiveMinimum").And.Not.Contain("exclusiveMaximum"),
            "a keyword whose meaning changed after draft 04");
        var schema = JsonNode.Parse(text)!.AsObject();
        Assert.That((string?)schema["$schema"], Is.EqualTo(Draft04));
        schema["$schema"] = Draft07;
        var id = schema["id"]!.GetValue<string>();
        schema.Remove("id");
        schema["$id"] = id;
        return JsonSchema.FromText(schema.ToJsonString());
    });

    public static IReadOnlyList<string> JUnitErrors(string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = JUnit.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} at {e.Exception.LineNumber}:{e.Exception.LinePosition}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read()) { }
        return errors;
    }

    public static IReadOnlyList<string> SarifErrors(string json)
    {
        var results = Sarif.Value.Evaluate(JsonNode.Parse(json),
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (results.IsValid) return [];
        var errors = (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")).ToList();
        return errors.Count > 0 ? errors : ["invalid, with no detail"];
    }
}
