namespace Stampede.Campaigns;

/// <summary>How often a program showed the failure asked for, over several runs in worker processes: with the places it
/// showed at (<see cref="Variants"/>: a race's crash sites, by count) and the other failures seen instead.</summary>
public sealed record ReproductionResult(
    int Runs, int Reproduced, CampaignFinding? Example, IReadOnlyDictionary<string, int> Others, IReadOnlyDictionary<string, int> Variants)
{
    public double Rate => Runs == 0 ? 0 : (double)Reproduced / Runs;
}
