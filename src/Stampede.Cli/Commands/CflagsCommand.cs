using System.CommandLine;
using Stampede.Cli.Options;
using Stampede.Harnesses;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede cflags --variant V</c>: the compiler and linker flags of a build variant on one line
/// (<see cref="VariantFlags"/>), for users who build their own library that way:
/// <c>clang-19 $(stampede cflags --variant schedule) -shared -fPIC -o libx.so x.c</c>.</summary>
internal static class CflagsCommand
{
    public static Command Create()
    {
        var variant = CliOptions.Variant("plain, thread (ThreadSanitizer), address (AddressSanitizer + UBSan), coverage " +
                                         "(SanitizerCoverage counters; also compile in native/covrt/covrt.c) or schedule (scheduling points of native/schedrt)");
        var command = new Command("cflags", "Print the compiler and linker flags of a build variant, on one line");
        command.Options.Add(variant);
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(VariantFlags.Of(parse.GetValue(variant)).Line);
            return ExitCodes.Ok;
        });
        return command;
    }
}
