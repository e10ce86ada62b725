using System.CommandLine;
using Stampede.Execution.Systematic;

namespace Stampede.Cli.Commands;

/// <summary>The options <c>fuzz</c> and <c>repro</c> share for choosing between stress and systematic mode.</summary>
internal static class SystematicOptions
{
    public const string Systematic = "systematic";

    public static Option<string> Mode(string description)
    {
        var mode = new Option<string>("--mode") { DefaultValueFactory = _ => "stress", Description = description };
        mode.AcceptOnlyFromAmong("stress", Systematic);
        return mode;
    }

    public static Option<string> Strategy(string description)
    {
        var strategy = new Option<string>("--strategy") { DefaultValueFactory = _ => SystematicStrategy.Portfolio, Description = description };
        strategy.AcceptOnlyFromAmong([.. SystematicStrategy.Names]);
        return strategy;
    }
}
