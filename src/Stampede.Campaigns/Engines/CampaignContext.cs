using Stampede.Campaigns.Attribution;
using Stampede.Campaigns.Supervision;
using Stampede.Findings;
using Stampede.Harnesses;

namespace Stampede.Campaigns.Engines;

/// <summary>
/// What an engine's campaign runs against and reports to: the harness as the command opened it, the corpus it reads and
/// writes, how worker processes start, where each finding goes the moment it is seen (recorded before it is printed),
/// and where its informational lines and warnings go; and what names a plain crash by its cause before it is reported
/// (none under a sanitizer); and, for one shard of several, what it takes from the others (<see cref="Sharding.ShardSync"/>).
/// </summary>
public sealed record CampaignContext(
    Harness Harness, FindingStore Store, WorkerLaunch Launch, Action<CampaignFinding> Report, Action<string> Info, Action<string> Warning,
    CrashAttribution? Attribution = null, Sharding.ShardSync? Sync = null);
