using Stampede.Harnesses;
using Stampede.Worker.Afl;
using Stampede.Findings;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Afl;

/// <summary>
/// Brings what AFL++ saved into the pipeline every campaign uses: each crash or hang input is decoded the way the
/// campaign decoded it and run in supervised worker processes (<see cref="Reproducer"/>, the path of <c>stampede
/// repro</c>), which gives the failure its signature, stacks, timeline and call board; the finding then goes where a
/// random campaign's go. A race that AFL++ saw once may need several runs to show again, so each input gets up to
/// the import's number of runs; one that never does is kept in interesting/ (it reached something; a crash with its bytes,
/// a hang without, since a seed that times out stops AFL++), and reported as such. Inputs that decode to a program already imported are skipped.
/// </summary>
public static class AflImport
{
    public static void Run(
        IReadOnlyList<AflSavedInput> saved, Reproducer reproducer, AflDecoding decoding, string interestingDirectory,
        int runs, int repetitions, Action<AflSavedInput, CampaignFinding> onFinding, Action<string> log, CancellationToken cancel)
    {
        var generator = decoding.Generator(reproducer.Harness.Model);
        var done = new HashSet<string>();
        foreach (var input in saved)
        {
            if (cancel.IsCancellationRequested) return;
            byte[] bytes = File.ReadAllBytes(input.File);
            var program = generator.Decode(bytes);
            if (!done.Add(ProgramHash.Of(program))) continue;
            CampaignFinding? finding = null;
            for (int run = 0; run < runs && finding is null; run++)
            {
                try { finding = reproducer.RunOnce(program, repetitions); }
                catch (HarnessException e)
                {
                    log($"{Path.GetFileName(input.File)}: not run: {e.Message}");
                    break;
                }
            }
            if (finding is not null) onFinding(input, finding);
            else
            {
                // A hang's bytes would make a seed that times out, which stops AFL++ before it starts: its text only.
                if (input.Kind == AflSavedKind.Hang) ProgramFiles.Add(interestingDirectory, ProgramText.Print(program));
                else AflQueueExport.Keep(interestingDirectory, program, bytes);
                log($"{input.Kind.ToString().ToLowerInvariant()} {input.Instance}/{Path.GetFileName(input.File)} did not show again in {runs} worker run(s) of {repetitions} " +
                    $"repetitions; its program is kept in {CorpusLayout.Interesting}/");
            }
        }
    }
}
