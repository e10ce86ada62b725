using System.Text.Json;
using Stampede.Campaigns;
using Stampede.Campaigns.Supervision;
using Stampede.Harnesses;
using Stampede.Worker;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// Worker lines that break the protocol (found by the <c>protocol</c> self-fuzz target,
/// tests/Stampede.Tests/SelfFuzz/Found/protocol/): a failure answer without its failure, or with a null where its type
/// has none, was read as a whole answer and failed later as a NullReferenceException. The reader refuses them as a
/// protocol error, and the supervisor makes of one a rejected program that quotes the answer, or a worker that cannot
/// start; shown here with a stand-in worker (a shell script) that writes such lines.
/// </summary>
public class BrokenWorkerAnswerTests
{
    const string WithoutFailure = """{"sequence":1,"outcome":"failure","repetitions":1,"calls":1}""";
    const string WithoutSignature = """{"sequence":1,"outcome":"failure","repetitions":1,"calls":1,"failure":{"kind":"crash","summary":"s","repetition":1,"timeline":[]}}""";
    const string NullThread = """{"sequence":1,"outcome":"failure","repetitions":1,"calls":1,"failure":{"kind":"crash","signature":"crash:x","summary":"s","repetition":1,"timeline":[null]}}""";
    const string NullFunction = """{"sequence":1,"outcome":"failure","repetitions":1,"calls":1,"failure":{"kind":"crash","signature":"crash:x","summary":"s","repetition":1,"timeline":[{"thread":0,"calls":[{"function":null,"startMicros":0,"result":"0"}]}]}}""";
    const string Hello = """{"ready":true,"startupMilliseconds":1,"reloadsCleanly":true}""";

    [TestCase(WithoutFailure, "a failure answer without its failure")]
    [TestCase(WithoutSignature, "ReportedFailure.signature is missing or null")]
    [TestCase(NullThread, "ReportedFailure.timeline holds a null")]
    [TestCase(NullFunction, "ReportedCall.function is missing or null")]
    public void A_failure_answer_with_a_null_where_its_type_has_none_is_a_protocol_error(string line, string message) =>
        Assert.That(Assert.Throws<JsonException>(() => WorkerJson.ReadReply(line))!.Message, Does.StartWith(message));

    [Test]
    public void An_unreadable_answer_is_a_rejected_program_that_quotes_it()
    {
        var result = WithStandIn($"echo '@stampede {Hello}'; read request; echo '@stampede {NullThread}'; read end",
            worker => worker.Run(WorkerRequest.ForStress(1, "p", 1, 0, 1, 5, 10), 1, TimeSpan.FromSeconds(30)));
        Assert.That(result, Is.TypeOf<ProgramResult.Rejected>());
        Assert.That(((ProgramResult.Rejected)result).Error,
            Is.EqualTo($"unreadable worker answer (ReportedFailure.timeline holds a null): {NullThread}"));
    }

    [Test]
    public void An_unreadable_hello_is_a_worker_that_cannot_start()
    {
        var hello = WithStandIn($"echo '@stampede {Hello.Replace("true", "null")}'; read end", worker => worker.Hello);
        Assert.That(hello.Ready, Is.False);
        Assert.That(hello.Error, Does.StartWith("unreadable worker hello (").And.EndWith($"): {Hello.Replace("true", "null")}"));
    }

    static T WithStandIn<T>(string script, Func<WorkerProcess, T> use)
    {
        var harness = Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", "kvstore"));
        string scratch = Directory.CreateTempSubdirectory("stampede-broken-worker-").FullName;
        try
        {
            // The supervisor's own arguments (worker --harness ...) follow; sh takes them as the script's, unused.
            using var worker = WorkerProcess.Start(new WorkerLaunch("/bin/sh", ["-c", script, "stand-in"]), harness, scratch,
                new Symbolizer(new Dictionary<string, string>()), TimeSpan.FromSeconds(30));
            return use(worker);
        }
        finally { Directory.Delete(scratch, recursive: true); }
    }
}
