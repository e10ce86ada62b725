using Stampede.Worker.Afl;
using System.Security.Cryptography;
using Stampede.Findings;
using Stampede.Model;
using Stampede.Model.Api;

namespace Stampede.Campaigns.Afl;

/// <summary>How many seeds of each origin a campaign starts from.</summary>
public sealed record AflSeedCounts(int Generated, int Corpus, int PreviousQueue)
{
    public int Total => Generated + Corpus + PreviousQueue;
}

/// <summary>
/// AFL++ starts from byte strings, and Stampede's programs are text. Seeds that decode to known programs come from
/// three places: programs of random call records from the campaign's seed, with the bytes that decode to them
/// (<see cref="Model.Programs.ProgramGenerator.GenerateEncoded"/>); the bytes kept beside corpus programs that came out of an
/// earlier AFL++ campaign (<see cref="AflQueueExport.BytesExtension"/> files in seeds/ and interesting/); and the
/// queue an earlier campaign left in the AFL++ directory, when it decoded the same way. A corpus program written by
/// hand or kept by a random campaign has no bytes: generation cannot be run backwards in general, so it is not seeded
/// (random campaigns still run it).
/// </summary>
public static class AflSeeds
{
    public static AflSeedCounts Write(
        string seedsDirectory, ApiModel model, AflDecoding decoding, string? corpusDirectory, IReadOnlyList<string> previousQueue,
        int seed, int generated)
    {
        Directory.CreateDirectory(seedsDirectory);
        var written = new HashSet<string>();
        bool Add(byte[] bytes, string origin)
        {
            if (bytes.Length == 0) return false; // AFL++ skips empty inputs
            string hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
            if (!written.Add(hash)) return false;
            File.WriteAllBytes(Path.Combine(seedsDirectory, $"{origin}-{hash}"), bytes);
            return true;
        }

        var generator = decoding.Generator(model);
        int fromGeneration = 0;
        for (int i = 0; fromGeneration < generated && i < generated * 4; i++)
            if (Add(generator.GenerateEncoded(SeedMix.Of(seed, i)).Bytes, "generated")) fromGeneration++;

        int fromCorpus = 0;
        if (corpusDirectory is not null)
            foreach (string sub in new[] { CorpusLayout.Seeds, CorpusLayout.Interesting })
            {
                string dir = Path.Combine(corpusDirectory, sub);
                if (!Directory.Exists(dir)) continue;
                foreach (string file in Directory.GetFiles(dir, "*" + AflQueueExport.BytesExtension).Order(StringComparer.Ordinal))
                    if (Add(File.ReadAllBytes(file), "corpus")) fromCorpus++;
            }

        int fromQueue = previousQueue.Count(file => Add(File.ReadAllBytes(file), "queue"));
        return new AflSeedCounts(fromGeneration, fromCorpus, fromQueue);
    }
}
