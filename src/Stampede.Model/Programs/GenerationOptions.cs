namespace Stampede.Model.Programs;

/// <summary>
/// The knobs of generation and mutation. Probabilities are written "one in N" (0: never), so that 0 stays the
/// plain option when a byte source has run out.
/// </summary>
public sealed record GenerationOptions
{
    public int MinThreads { get; init; } = 2;
    public int MaxThreads { get; init; } = 8;
    public int MinCallsPerThread { get; init; } = 1;
    /// <summary>Calls a thread makes by choice; calls producing the handles those need come on top.</summary>
    public int MaxCallsPerThread { get; init; } = 6;
    /// <summary>Functions a program concentrates on, so that threads call overlapping functions on the same state.</summary>
    public int FocusFunctions { get; init; } = 3;
    /// <summary>One program in N has a reader of global state among its focus functions, when the library has one: a
    /// function that takes nothing and returns a value (cJSON_GetErrorPtr, kv_errno) can only read state some call
    /// left behind, the way hidden global state shows. Picked uniformly, one of dozens of functions, it was in almost
    /// no program.</summary>
    public int GlobalReaderFocusOneIn { get; init; } = 3;
    /// <summary>How many shared handles setup produces, at most, for each resource the focus functions use.</summary>
    public int MaxSharedHandlesPerResource { get; init; } = 2;
    /// <summary>One program in N has no shared handles, and each thread its own strings: the shape the isolation
    /// oracle needs. The others share handles and strings, where races are.</summary>
    public int IsolatedOneIn { get; init; } = 4;
    /// <summary>One program in N is a hammer: 2 to 4 threads making long runs of calls of one or two functions on
    /// one shared handle (a writer beside a reader). Races inside a call need many overlapping calls on the same
    /// object, which short programs of mixed calls rarely give.</summary>
    public int HammerOneIn { get; init; } = 3;
    /// <summary>How many calls each thread of a hammer program makes by choice, at most (at least a quarter of it).</summary>
    public int HammerCallsPerThread { get; init; } = 48;
    /// <summary>Every call that may take a handle setup made and shares takes one, never a thread's own.</summary>
    public bool AlwaysShared { get; init; }
    /// <summary>Every string argument not taken from the parameter's domain is one of the program's few pooled strings
    /// (no dictionary word, no random text), so that threads keep passing the same keys: a hand-written hammer's few
    /// words are what make its puts and gets meet on one entry.</summary>
    public bool PooledStringsOnly { get; init; }
    /// <summary>Functions the threads' calls are not chosen from (they are still called to make a handle another call
    /// needs): the opening hammer sets aside the functions of a race it found, so that its next round meets another.</summary>
    public IReadOnlySet<string> SetAside { get; init; } = new HashSet<string>();
    /// <summary>One string argument in N is null (never for a call that produces a handle). Rare: a library
    /// without null checks crashes on it single-threaded, which triage sorts out but costs a run.</summary>
    public int NullStringOneIn { get; init; } = 32;
    public int MaxStringLength { get; init; } = 24;
    /// <summary>Largest output buffer generation and mutation pass, at most <see cref="ProgramValidator.MaxBufferSize"/>.</summary>
    public int MaxBufferSize { get; init; } = 4096;

    public static GenerationOptions Default { get; } = new();

    /// <summary>
    /// A broad program, the kind a hand-written stress loop is: every thread making 16 to 24 calls, picked among all
    /// <paramref name="functions"/> functions of the library, always on handles setup made and shares (none isolated,
    /// no focus on a few functions). What a stress campaign's opening hammer runs first, so that the races a hammer finds
    /// in its first second (a store's value replaced under a concurrent get of the same key) are not left to wait for a
    /// generated program that happens to call the right functions; its strings are all pooled, so that keys meet.
    /// </summary>
    public GenerationOptions Broad(int functions) => this with
    {
        MinThreads = MaxThreads,
        MinCallsPerThread = 16,
        MaxCallsPerThread = 24,
        FocusFunctions = Math.Max(1, functions),
        IsolatedOneIn = 0,
        HammerOneIn = 0,
        AlwaysShared = true,
        PooledStringsOnly = true,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first knob out of range.</summary>
    public void Check()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
        Require(MinThreads >= 1 && MinThreads <= MaxThreads && MaxThreads <= ProgramValidator.MaxThreads,
            $"threads: need 1 <= MinThreads ({MinThreads}) <= MaxThreads ({MaxThreads}) <= {ProgramValidator.MaxThreads}");
        Require(MinCallsPerThread >= 0 && MinCallsPerThread <= MaxCallsPerThread,
            $"calls per thread: need 0 <= MinCallsPerThread ({MinCallsPerThread}) <= MaxCallsPerThread ({MaxCallsPerThread})");
        Require(FocusFunctions >= 1, $"FocusFunctions ({FocusFunctions}) must be at least 1");
        Require(MaxSharedHandlesPerResource >= 1, $"MaxSharedHandlesPerResource ({MaxSharedHandlesPerResource}) must be at least 1");
        Require(IsolatedOneIn >= 0 && HammerOneIn >= 0 && NullStringOneIn >= 0 && GlobalReaderFocusOneIn >= 0, "one-in-N probabilities are 0 (never) or more");
        Require(HammerCallsPerThread >= 4, $"HammerCallsPerThread ({HammerCallsPerThread}) must be at least 4");
        Require(MaxStringLength >= 0, $"MaxStringLength ({MaxStringLength}) must not be negative");
        Require(MaxBufferSize >= 256 && MaxBufferSize <= ProgramValidator.MaxBufferSize,
            $"MaxBufferSize ({MaxBufferSize}) must be from 256 to {ProgramValidator.MaxBufferSize}");
    }
}
