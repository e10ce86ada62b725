namespace Stampede.Campaigns;

/// <summary>How often a program showed the failure asked for, over several runs in worker processes.</summary>
public sealed record ReproductionResult(int Runs, int Reproduced, CampaignFinding? Example, IReadOnlyDictionary<string, int> Others)
{
    public double Rate => Runs == 0 ? 0 : (double)Reproduced / Runs;
}
