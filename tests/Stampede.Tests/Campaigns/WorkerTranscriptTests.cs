using Stampede.Worker;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// A transcript of the worker protocol as the version before the re-layering wrote it (Fixtures/worker-wire-before.jsonl,
/// one message per line, each type named in worker-wire-before.types: hellos, a request per schedule, a heartbeat, a
/// response per outcome, real programs and a real Coyote trace): every line reads as its type and is written back byte
/// for byte, so a worker and a supervisor of the two versions understand each other.
/// </summary>
[TestFixture]
public class WorkerTranscriptTests
{
    static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests", "Stampede.Tests", "Campaigns", "Fixtures", name);

    static IEnumerable<TestCaseData> Lines() =>
        File.ReadAllLines(Fixture("worker-wire-before.jsonl"))
            .Zip(File.ReadAllLines(Fixture("worker-wire-before.types")))
            .Select((pair, i) => new TestCaseData(pair.First, pair.Second.Split(' ')[0]).SetName($"Line {i + 1}: {pair.Second}"));

    [TestCaseSource(nameof(Lines))]
    public void An_old_line_reads_as_its_type_and_writes_back_the_same(string line, string type)
    {
        string again = type switch
        {
            "WorkerHello" => WorkerJson.Write(WorkerJson.Read<WorkerHello>(line)),
            "WorkerRequest" => WorkerJson.Write(WorkerJson.Read<WorkerRequest>(line)),
            "WorkerHeartbeat" => WorkerJson.Write((WorkerHeartbeat)WorkerJson.ReadReply(line)),
            "WorkerResponse" => WorkerJson.Write((WorkerResponse)WorkerJson.ReadReply(line)),
            _ => throw new InvalidDataException($"unknown message type {type}"),
        };
        Assert.That(again, Is.EqualTo(line));
    }
}
