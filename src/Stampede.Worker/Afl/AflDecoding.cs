using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Worker.Afl;

/// <summary>
/// How AFL++'s bytes become programs: <see cref="ProgramGenerator.Decode"/> in byte format <see cref="Format"/>, with the
/// options of the campaign, which the target, the import of crashes and the export of the queue must share — the same
/// bytes decode to another program under other options or another format. <see cref="Threads"/> is the only option a
/// campaign sets. (A decoding.json written before formats were recorded reads as format 0: stale.)
/// </summary>
public sealed record AflDecoding(int Threads, int Format)
{
    /// <summary>The decoding of a new campaign: this version's byte format.</summary>
    public static AflDecoding Current(int threads) => new(threads, ProgramGenerator.ByteFormat);

    public bool IsCurrent => Format == ProgramGenerator.ByteFormat;

    public ProgramGenerator Generator(ApiModel model) =>
        new(model, new GenerationOptions { MaxThreads = Math.Max(2, Threads) });
}
