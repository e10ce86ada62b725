using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Stampede.Findings;

namespace Stampede.SelfFuzz;

/// <summary>
/// report.md as a Markdown renderer shows it. The input's NUL-separated parts replace the strings of a finding that
/// the target library or its tools control (summary, signature, program, reproduce command, a returned value,
/// standard error, a sanitizer excerpt, a stack's name and a frame's function, location, module and source line);
/// the report is rendered and parsed as CommonMark. Contract: none of that text becomes structure: no HTML (block or
/// inline), no link, autolink or link definition, only the headings and fenced blocks the report opens itself (with
/// its own info strings), no bidirectional override or isolate and no U+2028/U+2029 left raw; and the report states
/// the signature so that a rebuild reads it back (<see cref="MarkdownReport.SignatureIn"/>).
/// </summary>
public sealed class MarkdownTarget : ISelfFuzzTarget
{
    /// <summary>The info strings of the report's own fences.</summary>
    private static readonly string[] FenceLanguages = ["sh", "text"];

    /// <summary>Characters that reorder or break what a reader sees: bidi embeddings, overrides and isolates, and the
    /// Unicode line and paragraph separators.</summary>
    public static bool IsInvisibleControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u2028' or '\u2029';

    public string Name => "markdown";

    public IReadOnlyList<string> Instrumented => [Assemblies.Of<RecordedFinding>()];

    public string Contract =>
        "target-controlled strings in report.md never become HTML, links, headings or fences, leave no bidi control or line separator raw, " +
        "and the report states the signature as it is";

    public void Run(ReadOnlySpan<byte> input)
    {
        var recorded = FromFields(InputFields.Split(input));
        var markdown = MarkdownReport.Render(recorded);
        Check(recorded, markdown);
    }

    /// <summary>The report's promises about <paramref name="markdown"/>, the rendering of <paramref name="recorded"/>.</summary>
    public static void Check(RecordedFinding recorded, string markdown)
    {
        var finding = recorded.Finding;
        var document = Markdown.Parse(markdown);
        var raw = markdown.FirstOrDefault(IsInvisibleControl);
        if (raw != default) throw new ContractViolation($"report.md holds U+{(int)raw:X4} raw");
        if (document.Descendants<HtmlBlock>().FirstOrDefault() is { } block)
            throw new ContractViolation($"report.md has an HTML block at line {block.Line + 1}");
        if (document.Descendants<HtmlInline>().FirstOrDefault() is { } html)
            throw new ContractViolation($"report.md has inline HTML at line {html.Line + 1}: {html.Tag}");
        if (document.Descendants<LinkInline>().FirstOrDefault() is { } link)
            throw new ContractViolation($"report.md has a link at line {link.Line + 1}: {link.Url}");
        if (document.Descendants<AutolinkInline>().FirstOrDefault() is { } autolink)
            throw new ContractViolation($"report.md has an autolink at line {autolink.Line + 1}: {autolink.Url}");
        if (document.Descendants<LinkReferenceDefinition>().FirstOrDefault() is { } definition)
            throw new ContractViolation($"report.md defines a link at line {definition.Line + 1}: {definition.Url}");

        var headings = document.Descendants<HeadingBlock>().Select(h => h.Level).ToList();
        var sections = 4 + (finding.Details is { Count: > 0 } ? 1 : 0) + (recorded.Examples.Count > 0 ? 1 : 0);
        int[] expected = [1, .. Enumerable.Repeat(2, sections), .. Enumerable.Repeat(3, finding.Stacks.Count)];
        if (!headings.Order().SequenceEqual(expected))
            throw new ContractViolation($"report.md has headings of levels {string.Join(",", headings)}; the report opens {string.Join(",", expected)}");

        var fences = document.Descendants<FencedCodeBlock>().ToList();
        var fenced = 2 + (finding.Timeline.Count > 0 ? 1 : 0) + finding.Stacks.Count + (finding.Details?.Values.Count(v => v.Contains('\n')) ?? 0);
        if (fences.Count != fenced)
            throw new ContractViolation($"report.md has {fences.Count} fenced blocks; the report opens {fenced}");
        if (fences.FirstOrDefault(f => !FenceLanguages.Contains(f.Info)) is { } other)
            throw new ContractViolation($"report.md has a fenced block with info '{other.Info}' at line {other.Line + 1}");
        if (fences.Count(f => f.Info == "sh") != 1)
            throw new ContractViolation("report.md's Reproduce block is not the one sh block");

        if (MarkdownReport.SignatureIn(markdown) != finding.Signature)
            throw new ContractViolation($"report.md states the signature as '{MarkdownReport.SignatureIn(markdown)}', not '{finding.Signature}'");
    }

    /// <summary>The sample finding with the target-controlled strings the fields give; a field the input does not
    /// reach keeps the sample's.</summary>
    private static RecordedFinding FromFields(IReadOnlyList<string> fields)
    {
        var sample = SampleFindings.Full();
        string Field(int index, string otherwise) => index < fields.Count ? fields[index] : otherwise;
        var f = sample.Finding;
        var stack = f.Stacks[0];
        var frame = stack.Frames[0];
        var timeline = f.Timeline[2];
        var call = timeline.Calls[0];
        var details = new Dictionary<string, string>(f.Details!)
        {
            ["stderr"] = Field(5, f.Details!["stderr"]),
            ["sanitizer"] = Field(6, "SUMMARY: ThreadSanitizer: data race kvstore.c:70:12 in find"),
        };
        var finding = f with
        {
            Summary = Field(0, f.Summary),
            Signature = Field(1, f.Signature),
            Program = Field(2, f.Program),
            ReproduceCommand = Field(3, f.ReproduceCommand),
            Timeline = [f.Timeline[0], f.Timeline[1], timeline with { Calls = [call with { Result = Field(4, call.Result!) }] }],
            Details = details,
            Stacks =
            [
                stack with
                {
                    Name = Field(7, stack.Name),
                    Frames = [frame with { Function = Field(8, frame.Function!), Location = Field(9, frame.Location!), Module = Field(10, frame.Module), Source = Field(11, frame.Source!) }, .. stack.Frames.Skip(1)],
                },
            ],
        };
        return sample with { Finding = finding, MinimizedProgram = Field(12, sample.MinimizedProgram!) };
    }

    public IEnumerable<SeedInput> Seeds()
    {
        var f = SampleFindings.Full().Finding;
        yield return new SeedInput("sample.fields", InputFields.Join(
            f.Summary, f.Signature, f.Program, f.ReproduceCommand, "\"value\"", f.Details!["stderr"], "WARNING: ThreadSanitizer: data race (pid=42)",
            f.Stacks[0].Name, "find", "native/samples/kvstore/kvstore.c:70:12", SampleFindings.Library, "    while (e->key != NULL) {", "thread 0:\n  kv_get(null)\n"));
        yield return new SeedInput("empty.fields", InputFields.Join(Enumerable.Repeat("", 13)));
        yield return new SeedInput("one.fields", Encoding.UTF8.GetBytes("kv_get returned 3 where no order allows it"));
    }

    public IEnumerable<string> DictionaryTokens() =>
    [
        "\0", "\n", "\r", "\r\n", "`", "```", "~~~", "    ", "# ", "## ", "===", "---", "***", "- ", "1. ", "> ", "|", "\\",
        "<", ">", "<b>", "</b>", "<!--", "-->", "<script>", "<div>", "<http://a>", "<a@b.c>", "[x](http://a)", "[x]: http://a", "![x](y)", "[x]",
        "&amp;", "&#x41;", "*", "_", "**",
        "\u202E", "\u202D", "\u2066", "\u2069", "\u2028", "\u2029", "\u200F", "\uFEFF", "\uFFFD",
        "- signature: ", "kvstore.c:70:12", ":99999999999", SampleFindings.Library,
    ];
}
