namespace Stampede.NUnit;

/// <summary>
/// How <see cref="StampedeAssert.NoFindings"/> runs its campaign. The defaults make a test repeatable: a fixed seed, a
/// corpus of its own under the test's work directory (so findings recorded earlier neither hide nor repeat), and the
/// tool's own defaults for everything else.
/// </summary>
/// <param name="Seed">The seed of program generation: the same seed generates the same programs.</param>
/// <param name="Corpus">The corpus to use (findings already in it are known, not new); null: a fresh one per run.</param>
/// <param name="Known">A file of known finding keys (<c>stampede show --keys</c>) that do not fail the test.</param>
/// <param name="Arguments">Further <c>stampede fuzz</c> options, as on its command line (<c>"--threads", "8"</c>).</param>
public sealed record FuzzSettings(int Seed = 1, string? Corpus = null, string? Known = null, IReadOnlyList<string>? Arguments = null)
{
    public static FuzzSettings Default { get; } = new();
}
