using System.Buffers.Binary;
using System.Text;

namespace Stampede.Execution.Instances;

/// <summary>
/// The symbols a shared library imports (undefined in its dynamic symbol table), read from the file without loading
/// it: loading is what must not happen before the symbols it needs are there (a schedule build loaded lazily without
/// its runtime kills the process from its constructor: <see cref="ScheduleRuntime"/>). ELF64 little-endian only, the
/// one format the workers load; anything else imports nothing as far as this reader knows.
/// </summary>
public static class ElfImports
{
    const int DynamicSymbols = 11; // SHT_DYNSYM
    const int SectionHeaderSize = 64, SymbolSize = 24;

    /// <summary>The names of the undefined dynamic symbols of <paramref name="library"/>; empty for a file that is not
    /// an ELF64 little-endian object, has no dynamic symbol table, or is damaged (the loader then says what is wrong).</summary>
    public static IReadOnlyList<string> Of(string library)
    {
        try { return Read(library); }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException) { return []; }
    }

    static List<string> Read(string library)
    {
        using var file = File.OpenRead(library);
        Span<byte> header = stackalloc byte[64];
        if (file.Read(header) < header.Length || !header[..4].SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1) return [];
        long sectionsAt = BinaryPrimitives.ReadInt64LittleEndian(header[0x28..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3C..]);
        byte[] sections = Read(file, sectionsAt, (long)sectionCount * SectionHeaderSize);
        for (int i = 0; i < sectionCount; i++)
        {
            var section = sections.AsSpan(i * SectionHeaderSize, SectionHeaderSize);
            if (BinaryPrimitives.ReadInt32LittleEndian(section[4..]) != DynamicSymbols) continue;
            int stringsIndex = BinaryPrimitives.ReadInt32LittleEndian(section[40..]);
            if (stringsIndex >= sectionCount) return [];
            var stringsSection = sections.AsSpan(stringsIndex * SectionHeaderSize, SectionHeaderSize);
            byte[] symbols = Read(file, BinaryPrimitives.ReadInt64LittleEndian(section[24..]), BinaryPrimitives.ReadInt64LittleEndian(section[32..]));
            byte[] strings = Read(file, BinaryPrimitives.ReadInt64LittleEndian(stringsSection[24..]), BinaryPrimitives.ReadInt64LittleEndian(stringsSection[32..]));
            var names = new List<string>();
            for (int at = 0; at + SymbolSize <= symbols.Length; at += SymbolSize)
            {
                var symbol = symbols.AsSpan(at, SymbolSize);
                int name = BinaryPrimitives.ReadInt32LittleEndian(symbol);
                bool undefined = BinaryPrimitives.ReadUInt16LittleEndian(symbol[6..]) == 0; // st_shndx == SHN_UNDEF
                if (!undefined || name <= 0 || name >= strings.Length) continue;
                int end = Array.IndexOf(strings, (byte)0, name);
                names.Add(Encoding.UTF8.GetString(strings, name, (end < 0 ? strings.Length : end) - name));
            }
            return names;
        }
        return [];
    }

    static byte[] Read(FileStream file, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > file.Length) throw new InvalidDataException($"{file.Name}: a section lies outside the file");
        var bytes = new byte[length];
        file.Position = offset;
        file.ReadExactly(bytes);
        return bytes;
    }
}
