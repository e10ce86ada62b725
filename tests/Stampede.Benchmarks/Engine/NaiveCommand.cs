namespace Stampede.Benchmarks.Engine;

/// <summary>The naive child's command line: <c>naive --harness DIR --seed N --board FILE [--threads N]</c>.</summary>
static class NaiveCommand
{
    public static int Run(string[] args)
    {
        string? harness = null, board = null;
        int seed = 1, threads = NaiveRun.Threads;
        for (int i = 0; i + 1 < args.Length; i += 2)
            switch (args[i])
            {
                case "--harness": harness = args[i + 1]; break;
                case "--board": board = args[i + 1]; break;
                case "--seed": seed = int.Parse(args[i + 1]); break;
                case "--threads": threads = int.Parse(args[i + 1]); break;
            }
        if (harness is null || board is null)
        {
            Console.Error.WriteLine("usage: naive --harness DIR --seed N --board FILE [--threads N]");
            return 2;
        }
        return NaiveWorker.Run(harness, seed, board, threads);
    }
}
