using Stampede.Harnesses;

namespace Stampede.Cli;

/// <summary>
/// The library file a campaign's workers will load, checked before the campaign creates anything (corpus, scratch
/// directory): a path must name a file, and the file must be ELF. A harness copied away from the library its bindings
/// name relative to its directory, or a library deleted or overwritten since <c>stampede new</c>, is one error line
/// here; what only loading can tell (an ELF file that is no loadable library) the first worker tells.
/// </summary>
internal static class LibraryFile
{
    static ReadOnlySpan<byte> ElfMagic => [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    /// <exception cref="HarnessException">The file is missing or is not ELF.</exception>
    public static void Check(string path)
    {
        if (!path.Contains('/')) return; // a name the loader looks up (libz.so.1): only loading it can tell
        if (!File.Exists(path))
            throw new HarnessException($"{path}: no such native library (the harness's bindings name it; was the harness moved, or the library deleted?)");
        Span<byte> start = stackalloc byte[4];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HarnessException($"{path}: cannot read the native library ({e.Message})");
        }
        if (read < start.Length || !start.SequenceEqual(ElfMagic))
            throw new HarnessException($"{path}: not a native library (not an ELF file)");
    }
}
