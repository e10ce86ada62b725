using Stampede.Harnesses;
using System.CommandLine;
using Stampede.Bindgen;
using Stampede.Campaigns;
using Stampede.Cli;
using Stampede.Cli.Commands;

TotalTime.Begin();

// Each command is one file under Commands/; adding one is one line here.
var root = new RootCommand("Stampede: stress-test and fuzz native C libraries from many threads through generated bindings");
root.Subcommands.Add(NewCommand.Create());
root.Subcommands.Add(BindgenCommand.Create());
root.Subcommands.Add(FuzzCommand.Create());
root.Subcommands.Add(LearnCommand.Create());
root.Subcommands.Add(ReproCommand.Create());
root.Subcommands.Add(MinimizeCommand.Create());
root.Subcommands.Add(GateCommand.Create());
root.Subcommands.Add(ClassifyCommand.Create());
root.Subcommands.Add(SafeBindingsCommand.Create());
root.Subcommands.Add(ShowCommand.Create());
root.Subcommands.Add(MergeCommand.Create());
root.Subcommands.Add(CflagsCommand.Create());
root.Subcommands.Add(WorkerCommand.Create());
root.Subcommands.Add(AflExportCommand.Create());
root.Subcommands.Add(AflTargetCommand.Create());

var parse = root.Parse(args, Stampede.Cli.Options.ParsingRules.Configuration);
if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
{
    Output.Error(Console.Error, ParseErrorLine.For(parse));
    return ExitCodes.UsageError;
}
try
{
    // No termination handler of System.CommandLine's: fuzz handles SIGINT and SIGTERM itself (Interruption), and the
    // other commands stop at once, as they always did.
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (Exception e) when (e is BindgenException or HarnessException or UsageException or Stampede.Findings.CorpusException)
{
    Output.Error(Console.Error, e.Message);
    return ExitCodes.UsageError;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Output.Error(Console.Error, e.Message);
    return ExitCodes.UsageError;
}
