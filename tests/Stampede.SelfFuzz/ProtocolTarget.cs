using System.Text;
using System.Text.Json;
using Stampede.Campaigns;
using Stampede.Worker;

namespace Stampede.SelfFuzz;

/// <summary>
/// The worker protocol as the supervising process reads it: each input line is what a worker wrote after
/// <see cref="WorkerJson.Prefix"/>, read as a reply to a request (<see cref="WorkerJson.ReadReply"/>) and as the hello a
/// starting worker sends (<see cref="WorkerJson.Read{T}"/>); and as a worker reads a request. Contract: a line is a
/// whole message or a clean protocol error (<see cref="JsonException"/>, which the supervisor turns into a rejected
/// program, or <see cref="InvalidDataException"/>); a whole message has no null where its type has none, and a
/// failure outcome carries its failure, which converts into a finding.
/// <para>Stampede.Worker.dll, which holds the reader, cannot be instrumented: its own AFL++ target writes SharpFuzz's
/// coverage map, and <c>dotnet sharpfuzz</c> refuses an assembly that references it. The conversion of a reply into a
/// finding (Stampede.Campaigns.dll) is instrumented instead; the dictionary does the rest.</para>
/// </summary>
public sealed class ProtocolTarget : ISelfFuzzTarget
{
    public string Name => "protocol";

    public IReadOnlyList<string> Instrumented => [Assemblies.Of<CampaignFinding>()];

    public string Contract =>
        "a worker's line reads as a whole reply, hello or request, or gives JsonException/InvalidDataException, never another exception; a failure reply converts into a finding";

    public void Run(ReadOnlySpan<byte> input)
    {
        foreach (var line in Encoding.UTF8.GetString(input).Split('\n'))
        {
            try
            {
                var reply = WorkerJson.ReadReply(line);
                Completeness.Check(reply, "reply");
                if (reply is WorkerResponse { Outcome: WorkerOutcome.Failure } response)
                {
                    var failure = response.Failure ?? throw new ContractViolation("a failure reply without its failure");
                    // What the supervisor makes of it: the finding the corpus records.
                    _ = FindingConversion.ToFinding(CampaignFinding.FromOracle(SampleFindings.Program, failure), SampleFindings.Library, "");
                }
            }
            catch (JsonException) { }
            Read<WorkerHello>(line, whole: true);
            // The worker reads what the supervisor wrote; a request without its program is answered as an error.
            Read<WorkerRequest>(line, whole: false);
        }
    }

    private static void Read<T>(string line, bool whole) where T : notnull
    {
        try
        {
            var message = WorkerJson.Read<T>(line);
            if (whole) Completeness.Check(message, typeof(T).Name);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException) { }
    }

    public IEnumerable<SeedInput> Seeds()
    {
        var timeline = new[] { new ThreadCalls(0, [new ReportedCall("kv_put", 1.5, 20, "0")]), new ThreadCalls(1, [new ReportedCall("kv_get", 3, null, "\"v\"")]) };
        var schedule = new RecordedSchedule("pct", 42, 3, "0,1,1,0");
        object[] lines =
        [
            new WorkerHeartbeat(1234),
            new WorkerResponse(7, WorkerOutcome.Clean, 100, 2400),
            new WorkerResponse(8, WorkerOutcome.Failure, 3, 70, new ReportedFailure(Model.FindingKind.NotLinearizable, "not-linearizable:kv_get|kv_put",
                "kv_get returned \"v\" where no order allows it", 2, timeline, schedule)),
            new WorkerResponse(9, WorkerOutcome.Hang, 1, 10, Unfinished: [0, 1]),
            new WorkerResponse(10, WorkerOutcome.Error, 0, 0, Error: "line 3: unknown function kv_gte"),
            new WorkerResponse(11, WorkerOutcome.Stopped, 1, 5, Schedule: schedule),
            new WorkerHello(true, 812.5, true),
            new WorkerHello(false, 0, false, "cannot load libkvstore.so"),
            WorkerRequest.ForSystematic(12, "library libkvstore.so\nthread 0:\n  kv_open(out r0)\n", 100, 1, 2, 30,
                new SystematicRequest("pct", 4, "0,1", new StopRequest(1, 2))),
        ];
        // Each seed ends with the failure reply: afl-fuzz refuses a seed that runs no instrumented code, and only a
        // failure reaches the conversion (Stampede.Campaigns.dll), the one instrumented assembly here.
        var failure = WorkerJson.Write(lines[2]);
        return lines.Select((l, i) => new SeedInput($"{l.GetType().Name}-{i}.jsonl", Encoding.UTF8.GetBytes(WorkerJson.Write(l) + "\n" + failure)));
    }

    public IEnumerable<string> DictionaryTokens()
    {
        var json = string.Join("\n", Seeds().Select(s => Encoding.UTF8.GetString(s.Bytes)));
        var members = json.Split('"').Where((_, i) => i % 2 == 1).Where(t => t.Length < 40 && t.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        return [.. members.Distinct().Select(m => $"\"{m}\""), "null", "true", "false", "[]", "{}", "[null]", "-1", "1e400", "\n",
            "9223372036854775807", "9223372036854775808", "\"progress\":", "\"failure\":null"];
    }
}
