using Stampede.Campaigns.Supervision;
using Stampede.Harnesses;

namespace Stampede.Campaigns.Classification;

/// <summary>One way experiments run: <c>stress</c> on the plain build, <c>thread-sanitizer</c> on the library's
/// ThreadSanitizer build (which sees a race that corrupts nothing visible). <see cref="Name"/> is what the contracts'
/// <c>tried</c> lists.</summary>
public sealed record ClassifyMode(string Name, Harness Harness, WorkerLaunch Launch);
