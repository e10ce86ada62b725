using System.CommandLine;
using System.Runtime.InteropServices;
using Stampede.Worker;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede worker</c> (internal): the worker process a supervisor starts; talks JSON lines on stdin/stdout.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var harness = Options.CliOptions.Harness();
        var library = new Option<string>("--library") { Required = true, Description = "the library file the harness's bindings call" };
        var board = new Option<string>("--board") { Required = true, Description = "call board file the supervisor reads after a crash" };
        var command = new Command("worker", "Internal: run programs for a supervising stampede process") { Hidden = true };
        command.Options.Add(harness);
        command.Options.Add(library);
        command.Options.Add(board);
        command.SetAction(parse =>
        {
            // Ctrl-C reaches the whole process group: the supervisor decides whether its workers stop (it kills them),
            // and a worker that died of the user's SIGINT would look like a crash to it.
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true);
            using var watch = ParentWatch.Start();
            return WorkerLoop.Run(parse.GetValue(harness)!, parse.GetValue(library)!, parse.GetValue(board)!, Console.In, Console.Out, Console.Error);
        });
        return command;
    }
}
