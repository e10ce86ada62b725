namespace Stampede.Campaigns.Engines;

/// <summary>The engines <c>stampede fuzz --engine</c> offers; <see cref="CampaignEngines"/> makes each.</summary>
public enum EngineKind
{
    /// <summary>Programs generated from the API model (and mutated from the corpus).</summary>
    Random,

    /// <summary>AFL++ over bytes decoded into programs, coverage-guided.</summary>
    Afl,
}
