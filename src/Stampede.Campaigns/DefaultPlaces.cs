using Stampede.Harnesses;

namespace Stampede.Campaigns;

/// <summary>Where a harness's corpus and AFL++ directory go unless given: inside the repository the harness is in
/// (the nearest parent holding Fuzz.sln), else beside the harness.</summary>
public static class DefaultPlaces
{
    /// <summary>corpus/ of the repository, else corpus/ inside the harness.</summary>
    public static string Corpus(string harnessDirectory) =>
        Repository(harnessDirectory) is { } root ? Path.Combine(root, "corpus") : Path.Combine(Path.GetFullPath(harnessDirectory), "corpus");

    /// <summary>build/afl/&lt;harness directory's name&gt; of the repository, else afl/ inside the harness: AFL++'s
    /// inputs are call records decoded by the harness's own function list, so they belong to the harness.</summary>
    public static string AflDirectory(string harnessDirectory) =>
        Repository(harnessDirectory) is { } root
            ? Path.Combine(root, "build", "afl", Path.GetFileName(Path.GetFullPath(harnessDirectory).TrimEnd('/')))
            : Path.Combine(Path.GetFullPath(harnessDirectory), "afl");

    /// <summary>
    /// The folder of the corpus that holds the harness's findings and programs: the name of the library it tests, without
    /// <c>lib</c> and <c>.so</c> (libkvstore.so → kvstore, a library given as <c>z</c> → z, libc.so.6 → c), so harnesses
    /// whose directories share a name keep their findings apart, and harnesses of the same library share them.
    /// </summary>
    public static string CorpusName(Harness harness) => LibraryName(harness.Library);

    /// <summary>A library's name as the linker's <c>-l</c> takes it, from a file or loader name.</summary>
    public static string LibraryName(string library)
    {
        string name = Path.GetFileName(library);
        int so = name.IndexOf(".so", StringComparison.Ordinal);
        if (so > 0 && (so + 3 == name.Length || name[so + 3] == '.')) name = name[..so];
        return name.StartsWith("lib", StringComparison.Ordinal) && name.Length > 3 ? name[3..] : name;
    }

    static string? Repository(string harnessDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(harnessDirectory)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fuzz.sln"))) return dir.FullName;
        return null;
    }
}
