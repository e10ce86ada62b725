using System.CommandLine;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Stampede.Cli.Commands;
using Stampede.Cli.Options;
using Stampede.Execution.Coverage;

namespace Stampede.SelfFuzz;

/// <summary>
/// The CLI's option values (durations, counts, sizes, feedback signals), parsed by System.CommandLine through the
/// commands' real option declarations, as <c>stampede</c> parses its arguments. The first byte picks the command; the
/// rest are its arguments, separated by NUL bytes (as in /proc/PID/cmdline), after the ones the command requires.
/// Contract: any arguments give a clean usage error (a parse error, which the CLI prints as one <c>error:</c> line
/// with exit code 2) or values in range, never another exception; and every option's value can be read.
/// </summary>
public sealed class OptionsTarget : ISelfFuzzTarget
{
    /// <summary>The commands whose options take values, each with the arguments it requires.</summary>
    private static readonly (Func<Command> Create, string[] Required)[] Commands =
    [
        (FuzzCommand.Create, ["--harness", "h"]),
        (MinimizeCommand.Create, ["--harness", "h", "finding"]),
        (ReproCommand.Create, ["--harness", "h", "finding"]),
        (AflTargetCommand.Create, ["--harness", "h", "--library", "l"]),
    ];

    /// <summary>The longest duration every consumer takes: afl-fuzz's <c>-V</c> is whole seconds in an int.</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromSeconds(int.MaxValue);

    /// <summary>The one numeric option any int may be given to: a seed.</summary>
    private const string SeedOption = "--seed";

    private static readonly MethodInfo GetValue = typeof(ParseResult).GetMethods()
        .Single(m => m.Name == nameof(ParseResult.GetValue) && m.IsGenericMethod && m.GetParameters()[0].ParameterType.IsGenericType
                     && m.GetParameters()[0].ParameterType.GetGenericTypeDefinition() == typeof(Option<>));

    private readonly (RootCommand Root, string[] Prefix)[] _commands = Commands.Select(c =>
    {
        var command = c.Create();
        return (new RootCommand { Subcommands = { command } }, (string[])[command.Name, .. c.Required]);
    }).ToArray();

    public string Name => "options";

    public IReadOnlyList<string> Instrumented => [Assemblies.Of<ModeChoice>(), Assemblies.Of<FeedbackSignals>()];

    public string Contract =>
        "any option value gives a clean usage error or a value in range (durations above 0 and at most int.MaxValue seconds, counts at least 1), never another exception";

    public void Run(ReadOnlySpan<byte> input)
    {
        var (root, prefix) = _commands[input.IsEmpty ? 0 : input[0] % _commands.Length];
        var arguments = input.IsEmpty ? [] : InputFields.Split(input[1..]);
        var parse = root.Parse([.. prefix, .. arguments], ParsingRules.Configuration);
        if (parse.Errors.Count > 0)
        {
            // What the CLI prints as its one error line (with help asked for, it prints the help).
            if (parse.Errors.Any(e => string.IsNullOrWhiteSpace(e.Message))) throw new ContractViolation("a parse error without a message");
            return;
        }
        // Help (-h, -?) or the version: the CLI prints it and reads no value, as it does with a parse error and help.
        if (parse.Action != parse.CommandResult.Command.Action) return;
        foreach (var option in parse.CommandResult.Command.Options)
            CheckValue(option, Read(parse, option));
    }

    private static object? Read(ParseResult parse, Option option)
    {
        var type = option.GetType().GetGenericArguments()[0];
        try { return GetValue.MakeGenericMethod(type).Invoke(parse, [option]); }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static void CheckValue(Option option, object? value)
    {
        switch (value)
        {
            case TimeSpan duration when duration <= TimeSpan.Zero || duration > LongestDuration:
                throw new ContractViolation($"{option.Name} was accepted as {duration}, out of range");
            case int or long when option.Name != SeedOption && Convert.ToInt64(value) < 1:
                throw new ContractViolation($"{option.Name} was accepted as {value}, below 1");
        }
    }

    public IEnumerable<SeedInput> Seeds()
    {
        string[][] byCommand =
        [
            ["--duration", "90s", "--minimize-budget", "20s", "--threads", "8", "--jobs", "2", "--programs", "100", "--feedback", "managed,native"],
            ["--budget", "1h30m", "--runs", "3", "--repetitions", "500", "--max-attempts", "200"],
            ["--runs", "5", "--iterations", "100", "--seed", "-7", "--mode", "systematic"],
            ["--threads", "4", "--hang-ms", "2000", "--budget-ms", "30000", "--feedback", "all"],
        ];
        for (var c = 0; c < byCommand.Length; c++)
            yield return new SeedInput($"{_commands[c].Prefix[0]}.args", [(byte)c, .. InputFields.Join(byCommand[c])]);
        yield return new SeedInput("duration-only.args", [0, .. InputFields.Join("--duration", "2.5")]);
    }

    public IEnumerable<string> DictionaryTokens() =>
    [
        .. _commands.SelectMany(c => c.Root.Subcommands[0].Options).SelectMany(o => o.Aliases.Prepend(o.Name)),
        "\0", "h", "m", "s", "1h30m", ".", "-", "+", "e", "E", "0x", "Infinity", "NaN", "1e12", "99999999999",
        "2147483647", "2147483648", "9223372036854775807", ",", "@", "--", "=", ":",
        .. FeedbackSignalsText.Names, "all",
    ];
}
