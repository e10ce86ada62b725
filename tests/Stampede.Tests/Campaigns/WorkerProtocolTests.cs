using Stampede.Model;
using Stampede.Worker;

namespace Stampede.Tests.Campaigns;

/// <summary>The worker protocol's JSON, pinned: lines as the version before typed outcomes, schedules and kinds wrote
/// them read the same, and are written byte for byte the same.</summary>
public class WorkerProtocolTests
{
    const string StressRequest =
        """{"sequence":7,"program":"p","repetitions":200,"noise":0.3,"seed":7,"hangSeconds":3,"budgetSeconds":10,"schedule":"single-threaded"}""";

    const string SystematicRequestLine =
        """{"sequence":8,"program":"p","repetitions":50,"noise":0,"seed":1,"hangSeconds":3,"budgetSeconds":120,"schedule":"systematic","systematic":{"strategy":"random","firstIteration":4}}""";

    const string FailureResponse =
        """{"sequence":7,"outcome":"failure","repetitions":5,"calls":10,"failure":{"kind":"not-linearizable","signature":"not-linearizable:f","summary":"s","repetition":2,"timeline":[{"thread":0,"calls":[{"function":"f","startMicros":0,"endMicros":1.5,"result":"0"}]}]}}""";

    [Test]
    public void Requests_are_written_as_before()
    {
        Assert.That(WorkerJson.Write(WorkerRequest.ForStress(7, "p", 200, 0.3, 7, 3, 10, Schedule.SingleThreaded)), Is.EqualTo(StressRequest));
        Assert.That(WorkerJson.Write(WorkerRequest.ForSystematic(8, "p", 50, 1, 3, 120, new SystematicRequest("random", FirstIteration: 4))),
            Is.EqualTo(SystematicRequestLine));
        Assert.That(WorkerJson.Read<WorkerRequest>(StressRequest).Schedule, Is.EqualTo(Schedule.SingleThreaded));
    }

    [Test]
    public void Replies_are_read_and_written_as_before()
    {
        var response = (WorkerResponse)WorkerJson.ReadReply(FailureResponse);
        Assert.That((response.Outcome, response.Failure!.Kind), Is.EqualTo((WorkerOutcome.Failure, FindingKind.NotLinearizable)));
        Assert.That(WorkerJson.Write(response), Is.EqualTo(FailureResponse));

        Assert.That(WorkerJson.ReadReply("""{"progress":42}"""), Is.EqualTo(new WorkerHeartbeat(42)));
        Assert.That(WorkerJson.Write(new WorkerHeartbeat(42)), Is.EqualTo("""{"progress":42}"""));
        foreach (var (outcome, text) in new[] { (WorkerOutcome.Clean, "clean"), (WorkerOutcome.Hang, "hang"), (WorkerOutcome.Error, "error") })
            Assert.That(WorkerJson.Write(new WorkerResponse(1, outcome, 0, 0)), Is.EqualTo($$"""{"sequence":1,"outcome":"{{text}}","repetitions":0,"calls":0}"""));
    }
}
