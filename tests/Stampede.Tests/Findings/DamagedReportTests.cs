using System.CommandLine;
using System.Text.Json.Nodes;
using Stampede.Cli.Commands;
using Stampede.Findings;

namespace Stampede.Tests.Findings;

/// <summary>
/// A report.json that parses as JSON but is no report (found by the <c>corpus</c> self-fuzz target,
/// tests/Stampede.Tests/SelfFuzz/Found/corpus/): a member given twice escaped as an ArgumentException; a null inside a
/// list or dictionary loaded and then failed rendering. Each is a damaged report like any other: a
/// <see cref="CorpusException"/> naming the file, one warning line in <c>stampede show</c>, and rebuilt when a store opens.
/// </summary>
public sealed class DamagedReportTests
{
    private string _root = null!;

    [SetUp]
    public void CreateCorpus() => _root = SampleFindings.TempCorpus();

    [TearDown]
    public void DeleteCorpus() => Directory.Delete(_root, recursive: true);

    private static string Damage(string report, string how) => how switch
    {
        "duplicate-member" => report.Replace("\"hits\": ", "\"hits\": 2, \"hits\": "),
        "timeline-null-entry" => Edit(report, r => r["finding"]!["timeline"] = new JsonArray((JsonNode?)null)),
        "details-null-value" => Edit(report, r => r["finding"]!["details"]!["signal"] = null),
        _ => throw new ArgumentException(how),
    };

    private static string Edit(string report, Action<JsonObject> edit)
    {
        var document = JsonNode.Parse(report)!.AsObject();
        edit(document);
        return document.ToJsonString();
    }

    [TestCase("duplicate-member")]
    [TestCase("timeline-null-entry")]
    [TestCase("details-null-value")]
    public void IsADamagedReportNamedByShowAndRebuiltByTheStore(string how)
    {
        var corpus = Path.Combine(_root, "kvstore");
        string directory;
        using (var store = FindingStore.Open(corpus))
        {
            store.Record(SampleFindings.Crash());
            directory = store.Find("crash:kv_get>find")!.Directory;
        }
        var report = Path.Combine(directory, CorpusLayout.JsonReport);
        File.WriteAllText(report, Damage(File.ReadAllText(report), how));

        var damaged = Assert.Throws<CorpusException>(() => FindingDirectory.Load(directory))!;
        Assert.That(damaged.Message, Does.StartWith(report + ": not a valid report: "));

        var root = new RootCommand { ShowCommand.Create() };
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = root.Parse(["show", "--corpus", _root]).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0));
            Assert.That(error.ToString(), Does.Match($"^WARNING: {System.Text.RegularExpressions.Regex.Escape(report)}: not a valid report: [^\n]*\n$"));
            Assert.That(output.ToString(), Is.EqualTo($"no findings in {_root}\n"));
        });

        using var reopened = FindingStore.Open(corpus);
        Assert.That(reopened.Problems.Single(), Does.Contain("rebuilt from the files left (signature crash:kv_get>find)"));
        Assert.That(reopened.Find("crash:kv_get>find")!.Repaired, Is.True);
    }
}
