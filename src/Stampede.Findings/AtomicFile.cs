using System.Text;

namespace Stampede.Findings;

/// <summary>
/// Writes a file so that readers, and a process killed with kill -9 at any instant, only ever see the old
/// content or the new one: write a temporary file in the same directory, flush it to disk, rename it over the
/// target (rename within one file system is atomic on POSIX). Temporary names start with <see cref="TempPrefix"/>
/// and end with <see cref="TempSuffix"/> so that a store can remove the leftovers of a killed writer.
/// </summary>
public static class AtomicFile
{
    public const string TempPrefix = ".stampede-";
    public const string TempSuffix = ".tmp";

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(directory, $"{TempPrefix}{Path.GetFileName(path)}-{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                // Without this the rename may reach the disk before the data does, and a power cut leaves an empty file.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>True for the name of a temporary file this class writes (leftovers after a kill).</summary>
    public static bool IsTemporary(string fileName) =>
        fileName.StartsWith(TempPrefix, StringComparison.Ordinal) && fileName.EndsWith(TempSuffix, StringComparison.Ordinal);
}
