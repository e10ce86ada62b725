namespace Stampede.Worker;

/// <summary>Where a worker on a schedule build keeps the trace of the iteration it is running
/// (<c>NativeTraceFile</c>): beside its call board, which the supervisor names, so the supervisor finds it after the
/// worker died.</summary>
public static class NativeTracePlace
{
    public static string Beside(string boardPath) => boardPath + ".schedule-trace";
}
