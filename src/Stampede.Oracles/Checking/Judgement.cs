namespace Stampede.Oracles.Checking;

/// <summary>
/// What a finding's verdict was judged against, said in the finding. Normally every reference run starts from the
/// library's initial state, as the concurrent run did. A library that cannot be unloaded (the C library, one already
/// loaded by the process, one marked NODELETE) keeps its state from run to run, so the reference starts from whatever
/// earlier runs left: results that calibration saw change from run to run depend on that state and are not compared
/// by linearizability (<see cref="DependOnCarriedState"/> names their functions); isolation still judges the rest.
/// </summary>
public sealed record Judgement(bool StateCarriesOver, IReadOnlyList<string> DependOnCarriedState)
{
    /// <summary>The clause a not-linearizable verdict ends with.</summary>
    public string OfLinearizability() =>
        !StateCarriesOver ? "judged against a sequential reference from the library's initial state"
        : "judged against a sequential reference from state carried over from earlier runs (the library cannot be unloaded)" +
          (DependOnCarriedState.Count == 0 ? "" : $"; results of {string.Join(", ", DependOnCarriedState)} depend on it and were left to isolation");

    /// <summary>The clause an isolation verdict ends with.</summary>
    public string OfIsolation() =>
        "judged by isolation: each thread's calls alone, from " +
        (StateCarriesOver ? "state carried over from earlier runs (the library cannot be unloaded)" : "the library's initial state");
}
