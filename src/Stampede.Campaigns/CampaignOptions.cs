namespace Stampede.Campaigns;

/// <summary>
/// A fuzzing campaign: how long, how many worker processes (<see cref="Jobs"/>), the most threads a program has, the
/// seed of program generation, where the corpus is, and how each program is hammered (repetitions, noise, the time
/// one repetition may take before it counts as hung). <see cref="MaxPrograms"/> bounds the campaign by count.
/// With a <see cref="Strategy"/>, programs run in systematic mode: <see cref="Repetitions"/> iterations each, scheduled
/// by that Coyote strategy (<c>SystematicStrategy</c>).
/// </summary>
public sealed record CampaignOptions(
    TimeSpan Duration,
    int Threads = 4,
    int Jobs = 1,
    int Seed = 1,
    string? CorpusDirectory = null,
    int Repetitions = 200,
    double Noise = 0.3,
    TimeSpan? Hang = null,
    long? MaxPrograms = null,
    string? Strategy = null)
{
    public TimeSpan HangTimeout => Hang ?? TimeSpan.FromSeconds(3);
}
