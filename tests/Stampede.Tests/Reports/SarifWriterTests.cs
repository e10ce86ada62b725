using System.Text.Json.Nodes;
using Stampede.Findings;
using Stampede.Model;
using Stampede.Reports;

namespace Stampede.Tests.Reports;

/// <summary>
/// results.sarif: valid against the OASIS SARIF 2.1.0 schema whatever the run held (and the check shown to bite), one
/// rule per kind, one result per open finding fingerprinted by its signature, located at its native frames with paths
/// under the source root relative to SRCROOT, and the library's text made visible.
/// </summary>
public sealed class SarifWriterTests
{
    private static readonly SarifWriter Writer = new() { InformationUri = new Uri("https://stampede.example/docs") };

    private static JsonObject Run(RunReport run) => JsonNode.Parse(Writer.Render(run))!["runs"]!.AsArray().Single()!.AsObject();

    private static JsonObject Result(JsonObject run, string signature) => run["results"]!.AsArray()
        .Single(r => (string?)r!["partialFingerprints"]![SarifWriter.FingerprintKey] == signature)!.AsObject();

    private static JsonObject Artifact(JsonNode location) => location["physicalLocation"]!["artifactLocation"]!.AsObject();

    [TestCaseSource(typeof(SampleRuns), nameof(SampleRuns.All))]
    public void Results_sarif_is_valid_against_the_sarif_2_1_0_schema(RunReport run)
    {
        var sarif = Writer.Render(run);
        Assert.That(ReportSchemas.SarifErrors(sarif), Is.Empty, sarif);
    }

    [Test]
    public void Results_sarif_without_an_information_uri_is_valid_too()
    {
        var sarif = new SarifWriter().Render(SampleRuns.Mixed());
        Assert.That(ReportSchemas.SarifErrors(sarif), Is.Empty);
        Assert.That(JsonNode.Parse(sarif)!["runs"]![0]!["tool"]!["driver"]!.AsObject().ContainsKey("informationUri"), Is.False);
    }

    [Test]
    public void The_schema_check_rejects_a_result_without_a_message_and_a_region_without_a_line()
    {
        var log = JsonNode.Parse(Writer.Render(SampleRuns.Mixed()))!;
        var result = log["runs"]![0]!["results"]![0]!.AsObject();
        result.Remove("message");
        Assert.That(ReportSchemas.SarifErrors(log.ToJsonString()), Is.Not.Empty, "a result without a message");

        log = JsonNode.Parse(Writer.Render(SampleRuns.Mixed()))!;
        log["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["region"]!["startLine"] = 0;
        Assert.That(ReportSchemas.SarifErrors(log.ToJsonString()), Is.Not.Empty, "a line before the first");
    }

    [Test]
    public void The_log_names_its_schema_version_and_tool()
    {
        var log = JsonNode.Parse(Writer.Render(SampleRuns.Mixed()))!;
        var driver = log["runs"]![0]!["tool"]!["driver"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)log["$schema"], Is.EqualTo("https://json.schemastore.org/sarif-2.1.0.json"));
            Assert.That((string?)log["version"], Is.EqualTo("2.1.0"));
            Assert.That((string?)driver["name"], Is.EqualTo("Stampede"));
            Assert.That((string?)driver["informationUri"], Is.EqualTo("https://stampede.example/docs"));
            Assert.That((string?)log["runs"]![0]!["automationDetails"]!["id"], Is.EqualTo("stampede/libkvstore.so/"));
            Assert.That((int?)log["runs"]![0]!["invocations"]![0]!["exitCode"], Is.EqualTo(1));
        });
    }

    [Test]
    public void Open_findings_are_results_and_fixed_or_passed_ones_are_not()
    {
        var run = Run(SampleRuns.Mixed());
        var results = run["results"]!.AsArray();
        Assert.That(results.Select(r => (string?)r!["properties"]!["status"]), Is.EqualTo(new[] { "new", "still-present", "new", "flaky" }));
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => (string?)r!["baselineState"]), Is.EqualTo(new[] { "new", "unchanged", "new", null }));
            Assert.That(results.Select(r => (string?)r!["level"]), Is.EqualTo(new[] { "error", "warning", "error", "warning" }));
        });
        Assert.That(Run(SampleRuns.Run([SampleRuns.Fixed(), SampleRuns.Passed()]))["results"]!.AsArray(), Is.Empty);
    }

    [Test]
    public void Fingerprints_are_the_signatures()
    {
        var results = Run(SampleRuns.Mixed())["results"]!.AsArray();
        Assert.That(results.Select(r => (string?)r!["partialFingerprints"]![SarifWriter.FingerprintKey]), Is.EqualTo(new[]
        {
            SampleRuns.Crash().Signature, SampleRuns.Race().Signature, SampleRuns.Hang().Signature, SampleRuns.Flaky().Signature,
        }));
    }

    [Test]
    public void There_is_one_rule_per_kind_and_each_result_points_at_its_own()
    {
        var run = Run(SampleRuns.Mixed());
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.That(rules.Select(r => (string?)r!["id"]), Is.EqualTo(new[]
        {
            FindingKind.Crash.Name(), FindingKind.Hang.Name(), FindingKind.NotLinearizable.Name(), FindingKind.Sanitizer.Name(),
        }));
        Assert.That(rules.Select(r => (string?)r!["shortDescription"]!["text"]), Has.All.Not.Empty);
        foreach (var result in run["results"]!.AsArray())
            Assert.That((string?)rules[(int)result!["ruleIndex"]!]!["id"], Is.EqualTo((string?)result["ruleId"]));
    }

    [Test]
    public void The_message_says_the_summary_then_triage_rates_and_the_repro_command()
    {
        var crash = SampleRuns.Crash();
        var message = (string)Result(Run(SampleRuns.Mixed()), crash.Signature)["message"]!["text"]!;
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.StartWith(crash.Recorded.Finding.Summary + "\n"));
            Assert.That(message, Does.Contain("Triage: " + Triage.HiddenByGlobalLock));
            Assert.That(message, Does.Contain("Reproduced on the candidate: 9/10").And.Contain("Reproduced on the baseline: 0/10"));
            Assert.That(message, Does.EndWith("Reproduce: " + crash.ReproduceCommand));
        });
        var properties = Result(Run(SampleRuns.Mixed()), crash.Signature)["properties"]!;
        Assert.That(((string?)properties["triage"], (string?)properties["candidate"], (string?)properties["baseline"]),
            Is.EqualTo((Triage.HiddenByGlobalLock, "9/10", "0/10")));
    }

    [Test]
    public void Paths_under_the_source_root_are_relative_to_SRCROOT_and_others_are_file_uris()
    {
        var run = Run(SampleRuns.Mixed());
        Assert.That((string?)run["originalUriBaseIds"]![SarifWriter.SourceRootBaseId]!["uri"], Is.EqualTo("file:///ci/checkout/"));

        // The crash: the innermost frame of its crashed thread, with a line and a column; its other thread's managed
        // frame (a .dll's) has a source line too, and is no location.
        var crash = Result(run, SampleRuns.Crash().Signature)["locations"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)Artifact(crash)["uri"], Is.EqualTo("native/samples/kvstore/kvstore.c"));
            Assert.That((string?)Artifact(crash)["uriBaseId"], Is.EqualTo(SarifWriter.SourceRootBaseId));
            Assert.That((int?)crash["physicalLocation"]!["region"]!["startLine"], Is.EqualTo(88));
            Assert.That((int?)crash["physicalLocation"]!["region"]!["startColumn"], Is.EqualTo(12));
            Assert.That((string?)crash["logicalLocations"]![0]!["name"], Is.EqualTo("find"));
            Assert.That((string?)crash["message"]!["text"], Is.EqualTo("t0 in kv_get (crashed)"));
        });

        // The race: one location per side, the second outside the source root.
        var race = Result(run, SampleRuns.Race().Signature)["locations"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(race.Select(l => (string?)Artifact(l!)["uri"]), Is.EqualTo(new[]
            {
                "native/samples/kvstore/kvstore.c", "file:///usr/include/x86_64-linux-gnu/bits/string_fortified.h",
            }));
            Assert.That(race.Select(l => Artifact(l!).ContainsKey("uriBaseId")), Is.EqualTo(new[] { true, false }));
        });
    }

    [Test]
    public void Without_a_source_root_every_absolute_path_is_a_file_uri()
    {
        var run = Run(SampleRuns.Mixed() with { SourceRoot = null });
        var crash = Result(run, SampleRuns.Crash().Signature)["locations"]![0]!;
        Assert.That(run.ContainsKey("originalUriBaseIds"), Is.False);
        Assert.That((string?)Artifact(crash)["uri"], Is.EqualTo("file:///ci/checkout/native/samples/kvstore/kvstore.c"));
    }

    [Test]
    public void A_finding_without_a_source_line_is_placed_at_its_program_in_the_corpus()
    {
        var hang = Result(Run(SampleRuns.Mixed()), SampleRuns.Hang().Signature)["locations"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)Artifact(hang)["uri"],
                Is.EqualTo($"corpus/kvstore/findings/{SampleRuns.Hang().Recorded.Slug}/{CorpusLayout.ProgramFile}"));
            Assert.That((int?)hang["physicalLocation"]!["region"]!["startLine"], Is.EqualTo(1));
            Assert.That((string?)hang["logicalLocations"]![0]!["name"], Is.EqualTo(SampleRuns.Library));
            Assert.That((string?)hang["logicalLocations"]![0]!["kind"], Is.EqualTo("module"));
        });

        // Never written to a corpus: nothing physical to point at, so only the library.
        var unwritten = SampleRuns.Hang() with { Recorded = SampleRuns.Hang().Recorded with { Directory = "" } };
        var location = Run(SampleRuns.Run([unwritten]))["results"]![0]!["locations"]!.AsArray().Single()!.AsObject();
        Assert.That(location.ContainsKey("physicalLocation"), Is.False);
        Assert.That((string?)location["logicalLocations"]![0]!["name"], Is.EqualTo(SampleRuns.Library));
    }

    [Test]
    public void Each_program_thread_is_a_thread_flow_of_its_calls_in_the_order_they_started()
    {
        var flows = Result(Run(SampleRuns.Mixed()), SampleRuns.Crash().Signature)["codeFlows"]![0]!["threadFlows"]!.AsArray();
        Assert.That(flows.Select(f => (string?)f!["id"]), Is.EqualTo(new[] { "setup", "t0", "t1" }));
        var t0 = flows[1]!["locations"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(t0.Select(l => (string?)l!["location"]!["message"]!["text"]),
                Is.EqualTo(new[] { "kv_put returned KV_OK", "kv_get (in flight when the run failed)" }));
            // setup's kv_open at 0 µs, t0's kv_put at 20, t1's kv_put at 22, t0's kv_get at 45.
            Assert.That(t0.Select(l => (int?)l!["executionOrder"]), Is.EqualTo(new[] { 2, 4 }));
            Assert.That((int?)flows[2]!["locations"]![0]!["executionOrder"], Is.EqualTo(3));
        });
    }

    [Test]
    public void Hostile_text_is_valid_json_and_shows_as_text_with_controls_and_lone_surrogates_made_visible()
    {
        var sarif = Writer.Render(SampleRuns.HostileRun());
        var visible = MarkdownText.Visible(SampleRuns.Hostile);
        var run = JsonNode.Parse(sarif)!["runs"]![0]!.AsObject();
        var result = run["results"]![0]!;
        var location = result["locations"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)result["partialFingerprints"]![SarifWriter.FingerprintKey], Is.EqualTo("crash:" + visible));
            Assert.That((string?)result["message"]!["text"], Does.StartWith(visible + "\n"));
            Assert.That((string?)location["message"]!["text"], Is.EqualTo("stack " + visible));
            Assert.That((string?)location["logicalLocations"]![0]!["name"], Is.EqualTo("fn" + visible));
            // Every segment is percent-escaped: the file name's '#', '?', '%' and ':' cannot end or restructure the URI.
            var uri = (string)Artifact(location)["uri"]!;
            Assert.That(uri, Does.StartWith("we%20ird%23%25%3F%3Adir/%3Cb%3E%26amp%3B%20%22quoted%22"));
            Assert.That(Uri.TryCreate(uri, UriKind.Relative, out _), Is.True);
            Assert.That(Uri.UnescapeDataString(uri), Is.EqualTo($"we ird#%?:dir/{visible}.c"));
            Assert.That((string?)result["codeFlows"]![0]!["threadFlows"]![0]!["id"], Is.EqualTo("t" + visible));
            Assert.That(sarif, Does.Not.Contain("\ud800").And.Not.Contain("\u0001"));
        });
    }
}
