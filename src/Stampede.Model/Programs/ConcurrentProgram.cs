namespace Stampede.Model.Programs;

/// <summary>
/// A concurrent program for one library: <see cref="Setup"/> runs once on one thread, and the handles it leaves
/// alive are shared by every thread; then <see cref="Threads"/> run at once, each on its own OS thread. After the
/// threads join, the executor runs <see cref="ProgramTeardown"/>'s calls to destroy what is still alive.
/// A program marked <see cref="Hammer"/> is hammered instead: setup once, then its threads' calls round after round on
/// the same handles (<see cref="HammerLoop"/>) for as long as its run may take.
/// (Not named <c>Program</c>: that is the entry-point class of every C# executable.)
/// </summary>
public sealed record ConcurrentProgram(string Library, EquatableList<Call> Setup, EquatableList<ProgramThread> Threads)
{
    /// <summary>Run by hammering, not by repetitions from fresh state (the text's <c>hammer</c> line): what the hammer
    /// phase ran, so that a failure it found is replayed the way it was found, by repro, triage and minimization alike.</summary>
    public bool Hammer { get; init; }

    /// <summary>The call at <paramref name="site"/>.</summary>
    public Call this[CallSite site] => CallsOf(site.Thread)[site.Index];

    /// <summary>The calls of setup (<paramref name="thread"/> null) or of a thread.</summary>
    public EquatableList<Call> CallsOf(int? thread) => thread is { } t ? Threads[t].Calls : Setup;

    /// <summary>Every call with its site: setup first, then each thread in order.</summary>
    public IEnumerable<(CallSite Site, Call Call)> AllCalls()
    {
        for (var i = 0; i < Setup.Count; i++) yield return (new CallSite(null, i), Setup[i]);
        for (var t = 0; t < Threads.Count; t++)
            for (var i = 0; i < Threads[t].Calls.Count; i++)
                yield return (new CallSite(t, i), Threads[t].Calls[i]);
    }

    public override string ToString() => ProgramText.Print(this);
}
