using System.CommandLine;
using Stampede.Cli.Options;
using Stampede.Harnesses.SafeLayer;
using Stampede.Model.Contracts;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>stampede safe-bindings</c>: from a harness and its contracts (<c>stampede classify</c>), writes a copy of the harness
/// whose SafeBindings.g.cs wraps every function in the lock its contract requires (or one global lock), and whose
/// campaigns run through those locks (<see cref="SafeHarness"/>). Exit 0, or 2 for bad input. Docs: docs/contracts.md.
/// </summary>
internal static class SafeBindingsCommand
{
    static string Name(Locking locking) => locking switch
    {
        Locking.SharedReaders => "shared-readers",
        _ => locking.ToString().ToLowerInvariant(),
    };

    public static Command Create()
    {
        var (harness, library) = (CliOptions.Harness(), CliOptions.Library());
        var contracts = new Option<string?>("--contracts") { Description = "the contracts to lock by (contracts.json, written by stampede classify); required unless --locking global" };
        var locking = CliOptions.Choice("--locking", Enum.GetValues<Locking>(), Name, Locking.Contract,
            "contract: each function the lock its contract requires; shared-readers: so, and a race group's readers share its lock " +
            "(they are inferred from the absence of failures); global: one lock for every call (the GIL-like baseline)");
        var output = new Option<string>("--out") { Required = true, Description = "directory of the safe harness (SafeBindings.g.cs and a copy of the harness)" };
        var command = new Command("safe-bindings", "Generate bindings that take the locks a thread-safety contract requires, as a harness campaigns can run");
        foreach (var o in new Option[] { harness, library, contracts, locking, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(locking);
            string? file = parse.GetValue(contracts);
            if (file is null && chosen != Locking.Global) throw new UsageException($"--contracts FILE is required with --locking {Name(chosen)} (stampede classify writes it)");
            LibraryContracts? read = null;
            if (file is not null)
            {
                if (!File.Exists(file)) throw new UsageException($"--contracts {file}: no such file");
                try { read = LibraryContracts.Read(file); }
                catch (InvalidDataException e) { throw new UsageException($"--contracts {e.Message}"); }
            }
            var opened = CliOptions.OpenHarness(parse, harness, library);
            string source = chosen == Locking.Global ? "one global lock" : Path.GetFileName(file!);
            var safe = SafeHarness.Write(opened, read, chosen, parse.GetValue(output)!, source);
            var plan = LockPlan.For(opened.Model, read, chosen);
            Console.WriteLine($"wrote: {Path.Combine(safe.Directory, SafeLayerEmitter.FileName)}");
            Console.WriteLine("locks: " + string.Join(", ", plan.GroupBy(l => l.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")));
            Console.WriteLine($"fuzz through it: stampede fuzz --harness {Path.GetRelativePath(Environment.CurrentDirectory, safe.Directory)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
