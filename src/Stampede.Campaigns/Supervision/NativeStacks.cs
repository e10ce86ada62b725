using Stampede.Oracles.Process;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Stampede.Campaigns.Supervision;

/// <summary>
/// Every thread's native stack of a live process, taken with gdb in batch mode (attach, backtrace, detach): what a
/// hung or deadlocked worker was doing, captured before it is killed. Frames in JIT-compiled code have no symbol
/// here; the call board says which program call each thread was in. For a thread blocked in glibc's mutex wait, the
/// mutex's owner too (<see cref="NamedStack.LockOwner"/>), which tells a deadlock's cycle from the threads queued
/// behind it (<see cref="WaitCycle"/>).
/// </summary>
public static partial class NativeStacks
{
    public const string Tool = "gdb";

    /// <summary>Stacks by OS thread id (LWP), with the thread's name, innermost frame first; empty if gdb could not
    /// attach in time or is not installed (<paramref name="tool"/> not on PATH): the hang is reported all the same.</summary>
    public static IReadOnlyDictionary<int, NamedStack> Capture(int pid, TimeSpan timeout, int maxFrames = 24, string tool = Tool)
    {
        // Every thread's backtrace; then, per thread, the three words at the first argument register ($rdi, x86-64): a thread blocked in glibc's
        // mutex wait sits in the futex system call on the mutex's lock word, and the owner's thread id is the third word
        // (glibc's struct __pthread_mutex_s: __lock, __count, __owner), read so without glibc's debugging symbols. Other
        // threads' words are nothing (they are kept only for a thread whose stack shows the mutex wait), and where there
        // is no such register gdb's error is silenced (-s): no owner is known then.
        var psi = new ProcessStartInfo(tool,
            ["-p", pid.ToString(), "-batch", "-nx", "-ex", "set print thread-events off", "-ex", $"thread apply all bt {maxFrames}",
             "-ex", $"echo {OwnersMarker}\\n", "-ex", "thread apply all -s x/3dw $rdi"])
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

    /// <summary>The line between the backtraces and the lock words in gdb's output.</summary>
    public const string OwnersMarker = "stampede: lock owners";

    public static IReadOnlyDictionary<int, NamedStack> Parse(string gdbOutput)
    {
        var stacks = new Dictionary<int, NamedStack>();
        List<CapturedFrame>? current = null;
        string[] lines = gdbOutput.Split('\n');
        int owners = Array.FindIndex(lines, l => l.Trim() == OwnersMarker);
        foreach (var line in owners >= 0 ? lines[..owners] : lines)
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
        if (owners >= 0) WithLockOwners(stacks, lines[(owners + 1)..]);
        return stacks;
    }

    /// <summary>Gives each stack blocked in glibc's mutex wait the owner its lock words name (see <see cref="Capture"/>):
    /// another thread, or itself (a mutex locked again by its owner).</summary>
    static void WithLockOwners(Dictionary<int, NamedStack> stacks, IEnumerable<string> lines)
    {
        int? lwp = null;
        foreach (var line in lines)
        {
            var thread = ThreadLine().Match(line);
            if (thread.Success)
            {
                lwp = int.TryParse(thread.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : null;
                continue;
            }
            if (lwp is { } waiter && LockWords().Match(line) is { Success: true } words && stacks.TryGetValue(waiter, out var stack) &&
                WaitsForMutex(stack.Frames) &&
                int.TryParse(words.Groups["owner"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int owner) && owner > 0)
                stacks[waiter] = stack with { LockOwner = owner };
            lwp = null;
        }
    }

    /// <summary>Whether a stack is blocked in glibc's mutex wait: its innermost frames are the futex wait of
    /// <c>__lll_lock_wait</c> (named so with glibc's symbols or without), so the first argument register holds the
    /// mutex's lock word.</summary>
    static bool WaitsForMutex(IReadOnlyList<CapturedFrame> frames) =>
        frames.Take(3).Any(f => f.Function is { } name && name.EndsWith("lll_lock_wait", StringComparison.Ordinal));

    [GeneratedRegex(@"^Thread \d+ \(Thread 0x[0-9a-f]+ \(LWP (\d+)\)(?: ""([^""]*)"")?")]
    private static partial Regex ThreadLine();

    // "0x5648109f3038 <journal_lock>:\t2\t0\t6765": the lock word, the count, the owner.
    [GeneratedRegex(@"^0x[0-9a-f]+(?: <[^>]*>)?:\s+-?\d+\s+-?\d+\s+(?<owner>-?\d+)\s*$")]
    private static partial Regex LockWords();

    [GeneratedRegex(@"^#\d+\s+(?:0x[0-9a-f]+ in )?(?<fn>[^\s(]+) \(.*?\)(?: at (?<at>\S+))?(?: from (?<from>\S+))?\s*$")]
    private static partial Regex FrameLine();
}
