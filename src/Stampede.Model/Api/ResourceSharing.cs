namespace Stampede.Model.Api;

/// <summary>A resource's documented threading policy. <see cref="ThreadConfined"/> resources are never shared
/// between threads by generated programs (zlib documents this for a z_stream), so a finding on one can only
/// come from hidden global state.</summary>
public enum ResourceSharing { Shared, ThreadConfined }
