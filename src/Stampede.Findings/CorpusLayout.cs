namespace Stampede.Findings;

/// <summary>
/// The names inside <c>corpus/&lt;library&gt;/</c>, in one place so the store, the reader and the docs agree:
/// <code>
/// seeds/              programs to start from (hand-written or kept from earlier campaigns)
/// interesting/        programs worth keeping (new behaviour), named by the hash of their text
/// findings/&lt;slug&gt;/    one directory per signature:
///     program.txt     the first program that showed it, exactly as it ran
///     minimized.txt   the minimized program, once minimization ran
///     schedule.json   the Coyote schedule that replays it, for a finding of systematic mode
///     examples/       up to <see cref="FindingStore.MaxExamples"/> further programs with the same signature
///     report.json     the machine-readable report, also the record of the finding (written last)
///     report.md       the same report for people
/// .lock               held by the campaign writing this corpus
/// </code>
/// </summary>
public static class CorpusLayout
{
    public const string Seeds = "seeds";
    public const string Interesting = "interesting";
    public const string Findings = "findings";
    public const string Examples = "examples";
    public const string ProgramFile = "program.txt";
    public const string MinimizedFile = "minimized.txt";
    /// <summary>The Coyote schedule (strategy, seed, iteration, trace) that replays a systematic-mode finding.</summary>
    public const string ScheduleFile = "schedule.json";
    public const string JsonReport = "report.json";
    public const string MarkdownReport = "report.md";
    public const string LockFile = ".lock";
    public const string ProgramExtension = ".txt";
}
