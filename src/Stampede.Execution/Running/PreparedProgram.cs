using Stampede.Execution.Observations;
using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Execution.Running;

/// <summary>A program with every call resolved against the API model, ready to run many times.</summary>
public sealed class PreparedProgram
{
    public ConcurrentProgram Program { get; }
    public IReadOnlyList<PreparedCall> Setup { get; }
    public IReadOnlyList<IReadOnlyList<PreparedCall>> Threads { get; }
    public IReadOnlyList<PreparedCall> Teardown { get; }
    public int HighestHandle { get; }

    public PreparedProgram(ConcurrentProgram program, ApiModel model)
    {
        Program = program;
        Setup = program.Setup.Select(c => new PreparedCall(c, model)).ToArray();
        Threads = program.Threads.Select(t => (IReadOnlyList<PreparedCall>)t.Calls.Select(c => new PreparedCall(c, model)).ToArray()).ToArray();
        Teardown = ProgramTeardown.Calls(program, model).Select(c => new PreparedCall(c, model)).ToArray();
        HighestHandle = HandleNumbers.Highest(program);
    }

    public PreparedCall this[CallId id] => Threads[id.Thread][id.Position];

    /// <summary>Every thread call, thread by thread: the order a single thread would run them in.</summary>
    public IReadOnlyList<CallId> ProgramOrder() =>
        Threads.SelectMany((calls, t) => calls.Select((_, i) => new CallId(t, i))).ToArray();
}
