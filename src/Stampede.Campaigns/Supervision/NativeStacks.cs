using Stampede.Oracles.Process;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Stampede.Campaigns.Supervision;

/// <summary>
/// Every thread's native stack of a live process, taken with gdb in batch mode (attach, backtrace, detach): what a
/// hung or deadlocked worker was doing, captured before it is killed. Frames in JIT-compiled code have no symbol
/// here; the call board says which program call each thread was in.
/// </summary>
public static partial class NativeStacks
{
    public const string Tool = "gdb";

    /// <summary>Stacks by OS thread id (LWP), with the thread's name, innermost frame first; empty if gdb could not
    /// attach in time or is not installed (<paramref name="tool"/> not on PATH): the hang is reported all the same.</summary>
    public static IReadOnlyDictionary<int, NamedStack> Capture(int pid, TimeSpan timeout, int maxFrames = 24, string tool = Tool)
    {
        var psi = new ProcessStartInfo(tool,
            ["-p", pid.ToString(), "-batch", "-nx", "-ex", "set print thread-events off", "-ex", $"thread apply all bt {maxFrames}"])
        { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        Process? started;
        try { started = Process.Start(psi); }
        catch (System.ComponentModel.Win32Exception) { return new Dictionary<int, NamedStack>(); }
        using var gdb = started;
        if (gdb is null) return new Dictionary<int, NamedStack>();
        var output = gdb.StandardOutput.ReadToEndAsync();
        _ = gdb.StandardError.ReadToEndAsync();
        if (!gdb.WaitForExit(timeout))
        {
            gdb.Kill(entireProcessTree: true);
            return new Dictionary<int, NamedStack>();
        }
        return Parse(output.Result);
    }

    public static IReadOnlyDictionary<int, NamedStack> Parse(string gdbOutput)
    {
        var stacks = new Dictionary<int, NamedStack>();
        List<CapturedFrame>? current = null;
        foreach (var line in gdbOutput.Split('\n'))
        {
            var thread = ThreadLine().Match(line);
            if (thread.Success)
            {
                // An LWP past int is no Linux thread id (they stay below 2^22): that thread's frames are skipped.
                current = int.TryParse(thread.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int lwp) ? [] : null;
                if (current is not null) stacks[lwp] = new NamedStack(thread.Groups[2].Value, current);
                continue;
            }
            var frame = FrameLine().Match(line);
            if (frame.Success && current is not null)
            {
                string function = frame.Groups["fn"].Value;
                string? at = frame.Groups["at"].Success ? SourcePaths.Relative(frame.Groups["at"].Value) : null;
                string module = frame.Groups["from"].Success ? Path.GetFileName(frame.Groups["from"].Value) : "";
                current.Add(new CapturedFrame(module, 0, function == "??" ? null : function, at, Managed: false));
            }
        }
        return stacks;
    }

    [GeneratedRegex(@"^Thread \d+ \(Thread 0x[0-9a-f]+ \(LWP (\d+)\)(?: ""([^""]*)"")?")]
    private static partial Regex ThreadLine();

    [GeneratedRegex(@"^#\d+\s+(?:0x[0-9a-f]+ in )?(?<fn>[^\s(]+) \(.*?\)(?: at (?<at>\S+))?(?: from (?<from>\S+))?\s*$")]
    private static partial Regex FrameLine();
}
