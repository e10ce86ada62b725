namespace Stampede.Campaigns.Engines;

/// <summary>The one registration of the engines: which class runs each <see cref="EngineKind"/>.</summary>
public static class CampaignEngines
{
    public static ICampaignEngine Create(EngineKind kind, CampaignOptions options, AflSettings afl) => kind switch
    {
        EngineKind.Random => new RandomEngine(options),
        EngineKind.Afl => new AflEngine(options, afl),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The name <c>--engine</c> takes for each engine.</summary>
    public static string Name(this EngineKind kind) => kind.ToString().ToLowerInvariant();
}
