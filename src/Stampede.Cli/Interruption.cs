using System.Runtime.InteropServices;

namespace Stampede.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM during a campaign: the first asks it to stop (<see cref="Token"/>), so that it abandons
/// the program in flight, prints DONE and SUMMARY and exits by its findings; a second one is left to its default and
/// ends the process at once. Registered by the code that runs the campaign, since System.CommandLine's own handler is
/// installed only once an action has returned its task, and a campaign runs before it returns.
/// </summary>
internal sealed class Interruption : IDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly PosixSignalRegistration[] registrations;
    int signals;

    Interruption(Action<PosixSignal> onFirst) =>
        registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(s => PosixSignalRegistration.Create(s, context =>
        {
            if (Interlocked.Increment(ref signals) > 1) return; // not cancelled: the default ends the process
            context.Cancel = true;
            onFirst(context.Signal);
            stop.Cancel();
        }))];

    /// <summary>Starts listening; <paramref name="onFirst"/> says what the first signal does.</summary>
    public static Interruption Listen(Action<PosixSignal> onFirst) => new(onFirst);

    public CancellationToken Token => stop.Token;

    /// <summary>The signal's name as people know it.</summary>
    public static string Name(PosixSignal signal) => signal == PosixSignal.SIGINT ? "SIGINT (Ctrl-C)" : signal.ToString();

    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
        stop.Dispose();
    }
}
