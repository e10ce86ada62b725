namespace Stampede.Execution.Profiling;

/// <summary>Where a worker's time goes while it runs a program (<see cref="PhaseClock"/>). Each phase is counted
/// exclusively: a reference run's reload is <see cref="Reload"/>, not <see cref="ReferenceRuns"/>.</summary>
public enum WorkPhase
{
    /// <summary>Making a program ready to run: parsing its text, preparing its calls, starting its threads.</summary>
    Preparing,
    /// <summary>Reloading the library for fresh state (dlclose/dlopen), before every repetition and reference run.</summary>
    Reload,
    /// <summary>The program's setup calls, on the main thread.</summary>
    Setup,
    /// <summary>From releasing the program threads to the last one finishing: barrier, calls, recording.</summary>
    Threads,
    /// <summary>The program's teardown calls.</summary>
    Teardown,
    /// <summary>The oracles' own work: rendering the history, searching orders, comparing results.</summary>
    Checking,
    /// <summary>The oracles' sequential reference runs, one call at a time on the program's threads.</summary>
    ReferenceRuns,
    /// <summary>After the program: waiting for its threads to exit, walking the heap.</summary>
    Finishing,
}
