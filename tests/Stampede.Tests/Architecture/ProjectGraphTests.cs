using System.Xml.Linq;

namespace Stampede.Tests.Architecture;

/// <summary>
/// The projects under src/ and the arrows between them, read from their ProjectReference lines: the pipeline runs one
/// way (docs/architecture.md draws this graph). A new reference fails here until the graph below, and the drawing, say
/// why it belongs.
/// </summary>
[TestFixture]
public class ProjectGraphTests
{
    static readonly Dictionary<string, string[]> Intended = new()
    {
        ["Stampede.Model"] = [],
        ["Stampede.Sanitizers"] = [],
        ["Stampede.Execution"] = ["Stampede.Model"],
        ["Stampede.Harnesses"] = ["Stampede.Execution"],
        ["Stampede.Oracles"] = ["Stampede.Execution", "Stampede.Model", "Stampede.Sanitizers"],
        ["Stampede.Worker"] = ["Stampede.Oracles", "Stampede.Harnesses"],
        ["Stampede.Findings"] = ["Stampede.Model"],
        ["Stampede.Campaigns"] = ["Stampede.Worker", "Stampede.Findings"],
        ["Stampede.Reports"] = ["Stampede.Findings"],
        ["Stampede.Bindgen"] = ["Stampede.Model"],
        ["Stampede.Cli"] = ["Stampede.Bindgen", "Stampede.Campaigns", "Stampede.Findings", "Stampede.Reports"],
        // It drives the installed tool as a process: a test project that uses it depends on NUnit alone.
        ["Stampede.NUnit"] = [],
    };

    static Dictionary<string, string[]> Actual() =>
        Directory.GetDirectories(Path.Combine(RepoPaths.Root, "src"))
            .Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".csproj"))
            .Where(File.Exists)
            .ToDictionary(
                project => Path.GetFileNameWithoutExtension(project),
                project => XDocument.Load(project).Descendants("ProjectReference")
                    .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                    .Order(StringComparer.Ordinal).ToArray());

    [Test]
    public void Every_project_references_exactly_what_the_pipeline_says()
    {
        var actual = Actual();
        Assert.That(actual.Keys, Is.EquivalentTo(Intended.Keys), "the projects under src/");
        foreach (var (project, references) in Intended)
            Assert.That(actual[project], Is.EquivalentTo(references), $"{project}'s ProjectReference lines");
    }

    [Test]
    public void The_first_stages_do_not_reach_the_later_ones()
    {
        // The edges issue 14 removed: bindgen (the first stage) running programs, and campaigns compiling headers.
        var reachable = Actual();
        Assert.That(Closure(reachable, "Stampede.Bindgen"), Does.Not.Contain("Stampede.Execution"));
        Assert.That(Closure(reachable, "Stampede.Campaigns"), Does.Not.Contain("Stampede.Bindgen"));
        Assert.That(Closure(reachable, "Stampede.Sanitizers"), Is.Empty, "the sanitizer report reader depends on nothing");
        foreach (var project in reachable.Keys)
            Assert.That(Closure(reachable, project), Does.Not.Contain(project), $"{project} is in a cycle");
    }

    static HashSet<string> Closure(Dictionary<string, string[]> graph, string from)
    {
        var seen = new HashSet<string>();
        var todo = new Stack<string>(graph[from]);
        while (todo.TryPop(out var next))
            if (seen.Add(next)) foreach (var r in graph.GetValueOrDefault(next, [])) todo.Push(r);
        return seen;
    }
}
