namespace Stampede.Cli;

/// <summary>
/// The progress of a <c>fuzz</c> command, whichever phase it is in (<see cref="RunPhase"/>): which phase, how long it
/// may still take at most, and what it is doing — a live line on a terminal, redrawn every second, or a
/// <c>PROGRESS:</c> line every 10 s otherwise. Lines printed through <see cref="Print"/> first clear the live line, under
/// the same lock as the findings' lines.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    readonly object gate;
    readonly bool live;
    readonly Timer timer;
    (RunPhase Phase, Func<TimeSpan>? AtMost, Func<string> Detail)? current;

    public ProgressLine(object gate, bool live)
    {
        (this.gate, this.live) = (gate, live);
        var interval = TimeSpan.FromSeconds(live ? 1 : 10);
        timer = new Timer(_ => Show(), null, interval, interval);
    }

    /// <summary>From now on progress is of <paramref name="phase"/>, which ends within <paramref name="atMost"/> (null: no bound).</summary>
    public void Enter(RunPhase phase, Func<TimeSpan>? atMost, Func<string> detail)
    {
        lock (gate) current = (phase, atMost, detail);
    }

    /// <summary>Prints a line (standard output), clearing the live line first.</summary>
    public void Print(string line)
    {
        lock (gate)
        {
            if (live) Console.Write("\r\x1b[K");
            Console.WriteLine(line);
        }
    }

    void Show()
    {
        lock (gate)
        {
            if (current is not { } now) return;
            string bound = now.AtMost is { } atMost ? $", at most {Math.Ceiling(atMost().TotalSeconds):0}s left" : "";
            string line = $"{now.Phase.ToString().ToLowerInvariant()}{bound}: {now.Detail()}";
            if (live) Console.Write("\r\x1b[K" + line);
            else Console.WriteLine("PROGRESS: " + line);
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        lock (gate)
        {
            current = null;
            if (live) Console.Write("\r\x1b[K");
        }
    }
}
