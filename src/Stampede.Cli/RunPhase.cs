namespace Stampede.Cli;

/// <summary>The phases of a <c>fuzz</c> (or <c>gate</c>) command, in order, as progress lines name them.</summary>
internal enum RunPhase
{
    /// <summary>The engine finds bugs until --duration.</summary>
    Campaign,

    /// <summary>The engine turns what it saved into findings (AFL++'s crashes and hangs run through workers).</summary>
    Completing,

    /// <summary>Each new finding re-run single-threaded and under a global lock.</summary>
    Triage,

    /// <summary>Each new finding's program shrunk while it still fails.</summary>
    Minimization,

    /// <summary>A gate's findings run again on both builds.</summary>
    Replay,
}
