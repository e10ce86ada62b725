using System.Diagnostics;

namespace Stampede.Tests.Reports;

/// <summary>
/// Debian's <c>chromium</c> (installed by scripts/setup) run headless on a local file: its DOM once rendered, or a
/// screenshot. Each run has a profile directory of its own, so runs do not share state, and a time limit after which
/// it is killed with its children.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "chromium";
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    /// <summary>The browser's path on PATH, or null when it is not installed.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, Executable))
            .FirstOrDefault(File.Exists);

    /// <summary>The path, or a failed test saying how to get it: a test of the rendering is never skipped silently.</summary>
    public static string Require() => Find()
        ?? throw new AssertionException($"{Executable} is not installed: scripts/setup installs it (Debian package {Executable}), " +
                                        "which the HTML report's rendering test needs");

    /// <summary>The document as the browser holds it after parsing and laying out <paramref name="htmlFile"/>.</summary>
    public static string DumpDom(string htmlFile) => Run(["--dump-dom", new Uri(htmlFile).AbsoluteUri]);

    public static void Screenshot(string htmlFile, string pngFile, int width, int height) =>
        Run([$"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars", "--force-device-scale-factor=1",
            new Uri(htmlFile).AbsoluteUri]);

    private static string Run(string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("stampede-chromium-").FullName;
        try
        {
            // Root cannot use Chromium's sandbox; there is no GPU on a CI machine.
            var start = new ProcessStartInfo(Require())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile}" })
                start.ArgumentList.Add(a);
            foreach (var a in args) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeLimit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new AssertionException($"{Executable} did not finish within {TimeLimit.TotalSeconds} s and was killed:\n{error.Result}");
            }
            if (process.ExitCode != 0)
                throw new AssertionException($"{Executable} exited with {process.ExitCode}:\n{error.Result}");
            return output.Result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
