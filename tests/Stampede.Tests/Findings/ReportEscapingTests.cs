using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Stampede.Findings;

namespace Stampede.Tests.Findings;

/// <summary>
/// report.md with every string the target controls made hostile: its results (the summary and the timeline), its
/// standard error, a sanitizer report, symbol, file and thread names. The report is written by the store and read
/// back as Markdown by Markdig, with CommonMark alone and with its extensions (autolinks, emphasis extras, tables):
/// nothing the target wrote may come out as HTML, a link, a heading, emphasis or a block of its own, and nothing may
/// hide or reverse text.
/// </summary>
public sealed class ReportEscapingTests
{
    private const string Markup =
        "<script>alert(1)</script> <img src=x onerror=alert(1)> [link](http://evil.example) ![i](x.png) " +
        "**bold** _em_ *em* ~~gone~~ ==mark== `code` &amp; &#60; https://evil.example www.evil.example a@evil.example " +
        "<http://evil.example> $x$ | a | b | # not a heading";

    // Right-to-left override, an isolate and a line separator: each changes what a reader sees.
    private const string Hidden = "\u202Egnp.exe\u2066x\u2069\u2028next line\u200B";

    private const string FenceBreaker = "````\n# Heading from stderr\n<script>alert(2)</script>\n[x](http://evil.example)\n```\n~~~";

    private static readonly MarkdownPipeline[] Pipelines =
        [new MarkdownPipelineBuilder().Build(), new MarkdownPipelineBuilder().UseAdvancedExtensions().Build()];

    private string _root = null!;

    [SetUp]
    public void CreateCorpus() => _root = SampleFindings.TempCorpus();

    [TearDown]
    public void DeleteCorpus() => Directory.Delete(_root, recursive: true);

    private static Finding Hostile() => SampleFindings.Crash() with
    {
        Kind = Stampede.Model.FindingKind.NotLinearizable,
        Signature = "not-linearizable:kv_get`x``y",
        Summary = $"kv_get (t0.1) returned \"{Markup}{Hidden}\"; no sequential order gives that",
        Library = "lib[x](http://evil.example).so",
        Program = SampleFindings.Program.Replace("\"v1\"", "\"````\""),
        Timeline =
        [
            new ThreadTimeline("t0", [new TimedCall("kv_get", 0, 10, $"\"{FenceBreaker}{Hidden}\\xc3\"")], null),
        ],
        Stacks =
        [
            new Stack($"thread \"{Markup}\" (not a program thread)",
                [new Frame("```", $"{Markup}{Hidden}.c:1", "lib<b>x</b>.so", Source: FenceBreaker)]),
        ],
        Details = new Dictionary<string, string>
        {
            ["stderr"] = $"first line\n{FenceBreaker}\n{Hidden}\n{Markup}",
            ["sanitizer report"] = $"WARNING: ThreadSanitizer: data race\n{FenceBreaker}",
            ["seed"] = Markup + Hidden,
        },
    };

    [Test]
    public void Nothing_the_target_wrote_renders_as_markup_and_nothing_hides_text()
    {
        using (var store = FindingStore.Open(Path.Combine(_root, "kvstore"))) store.Record(Hostile());
        using var reopened = FindingStore.Open(Path.Combine(_root, "kvstore"));
        var recorded = reopened.Findings.Single();
        var markdown = File.ReadAllText(Path.Combine(recorded.Directory, CorpusLayout.MarkdownReport));

        foreach (var pipeline in Pipelines)
        {
            var document = Markdown.Parse(markdown, pipeline);
            Assert.That(document.Descendants<HtmlBlock>(), Is.Empty, "HTML block");
            Assert.That(document.Descendants<HtmlInline>(), Is.Empty, "inline HTML");
            Assert.That(document.Descendants<HtmlEntityInline>(), Is.Empty, "HTML entity");
            Assert.That(document.Descendants<LinkInline>(), Is.Empty, "link or image");
            Assert.That(document.Descendants<AutolinkInline>(), Is.Empty, "autolink");
            Assert.That(document.Descendants<EmphasisInline>(), Is.Empty, "emphasis");
            Assert.That(document.Descendants<Table>(), Is.Empty, "table");
            // The report's own structure, and nothing more: the title, its sections, one heading per stack.
            Assert.That(document.Descendants<HeadingBlock>().Select(h => h.Level),
                Is.EqualTo(new[] { 1, 2, 2, 2, 2, 3, 2 }), "headings");
            // Reproduce, program, timeline, the stack, stderr and the sanitizer report: each one fenced block.
            Assert.That(document.Descendants<FencedCodeBlock>().Count(), Is.EqualTo(6), "fenced blocks");
            Assert.That(document.Descendants<CodeInline>().Count(), Is.EqualTo(2), "the signature and the in-flight mark");

            var html = Markdig.Markdown.ToHtml(markdown, pipeline);
            Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("<img").And.Not.Contain("<a ").And.Not.Contain("<b>"));
        }

        // The title says what the library returned, as text.
        var title = Markdown.Parse(markdown).Descendants<HeadingBlock>().First();
        Assert.That(Text(title), Is.EqualTo($"not-linearizable: {MarkdownText.Visible(Hostile().Summary)}"));
        // The blocks hold the target's text as it was, backticks and all.
        var blocks = Markdown.Parse(markdown).Descendants<FencedCodeBlock>().Select(b => b.Lines.ToString()).ToArray();
        Assert.That(blocks, Has.Some.Contains("first line\n````\n# Heading from stderr\n<script>alert(2)</script>"));
        Assert.That(blocks, Has.Some.Contains("\"````\""), "the program's string");
        Assert.That(MarkdownReport.SignatureIn(markdown), Is.EqualTo(Hostile().Signature));

        foreach (var c in new[] { '\u202E', '\u2066', '\u2069', '\u2028', '\u200B' })
            Assert.That(markdown, Does.Not.Contain(c.ToString()), $"U+{(int)c:X4} is shown as an escape");
        Assert.That(markdown, Does.Contain("\\u202egnp.exe"));
        // A source line stays one line under its frame.
        Assert.That(markdown, Does.Contain("      1 | ````\\n# Heading from stderr\\n<script>"));
    }

    [TestCase("plain text", "plain text")]
    [TestCase("kv_get_r and t0.1: 3", "kv_get_r and t0.1: 3")]
    [TestCase("_x_ *y* a_", "\\_x\\_ \\*y\\* a\\_")]
    [TestCase("<a href=x>", "\\<a href\\=x\\>")]
    [TestCase("http://x www.y 1. z", "http\\://x www\\.y 1. z")]
    [TestCase("1. list", "1\\. list")]
    [TestCase("12) list (t0)", "12\\) list (t0)")]
    [TestCase("- item", "\\- item")]
    [TestCase("tab\there\nline\r\u0001\u007F\u0085\u202E\u2028", "tab\\\\there\\\\nline\\\\r\\\\x01\\\\x7f\\\\u0085\\\\u202e\\\\u2028")]
    public void Inline_text_is_escaped_for_markdown_and_made_visible(string text, string expected) =>
        Assert.That(MarkdownText.Inline(text), Is.EqualTo(expected));

    [TestCase("no ticks", "```")]
    [TestCase("a ``` b", "````")]
    [TestCase("``````", "```````")]
    public void A_fence_is_longer_than_any_run_of_backticks_inside(string body, string fence) =>
        Assert.That(MarkdownText.Fence("text", body), Is.EqualTo($"{fence}text\n{body}\n{fence}\n"));

    /// <summary>What a heading says once rendered: its literal text and code, escapes resolved.</summary>
    private static string Text(HeadingBlock heading) => string.Concat(heading.Inline!.Descendants<Inline>().Select(i => i switch
    {
        LiteralInline l => l.Content.ToString(),
        CodeInline c => c.Content,
        _ => "",
    }));
}
