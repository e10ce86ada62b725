using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Afl;

/// <summary>
/// How AFL++'s bytes become programs: generation driven by the bytes (<see cref="ProgramGenerator.Decode"/>) with the
/// options of the campaign, which the target, the import of crashes and the export of the queue must share — the same
/// bytes decode to another program under other options. <see cref="Threads"/> is the only option a campaign sets.
/// </summary>
public sealed record AflDecoding(int Threads)
{
    public ProgramGenerator Generator(ApiModel model) =>
        new(model, new GenerationOptions { MaxThreads = Math.Max(2, Threads) });
}
