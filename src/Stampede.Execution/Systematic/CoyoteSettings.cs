using Microsoft.Coyote;

namespace Stampede.Execution.Systematic;

/// <summary>What every Coyote configuration of the executor has, exploring or replaying.</summary>
static class CoyoteSettings
{
    public static Configuration Base() => Configuration.Create()
        // Quiet: a worker's standard output is its message channel, and nothing leaves the machine.
        .WithTelemetryEnabled(false)
        .WithConsoleLoggingEnabled(false)
        // A native call that runs long is not a deadlock Coyote could judge; one that never returns is the executor's
        // to detect (no call finishes within the hang timeout).
        .WithPotentialDeadlocksReportedAsBugs(false);
}
