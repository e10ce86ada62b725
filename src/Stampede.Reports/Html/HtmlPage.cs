namespace Stampede.Reports.Html;

/// <summary>
/// The shell every page of the report is written into: HTML5 with its language and character set, the stylesheet
/// inline and nothing loaded from anywhere (CI artifacts are opened offline), no script. The page is also well-formed
/// XML (void elements closed, only XML's entities), so tests can read it with an XML parser.
/// </summary>
internal static class HtmlPage
{
    public static string Render(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="Stampede"/>
        <title>{HtmlText.Text(title)}</title>
        <style>
        {Stylesheet}
        </style>
        </head>
        <body>
        {body}
        </body>
        </html>

        """;

    // No child combinator ('>') nor '&' here: the page stays well-formed XML.
    private const string Stylesheet = """
        :root { color-scheme: light; }
        body { font: 14px/1.45 system-ui, "DejaVu Sans", sans-serif; color: #1d1d1f; background: #fff; margin: 0 auto; max-width: 1180px; padding: 16px 24px 48px; }
        h1 { font-size: 22px; margin: 4px 0; }
        h2 { font-size: 18px; margin: 28px 0 8px; padding-top: 10px; border-top: 1px solid #d0d7de; }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        h4 { font-size: 13px; margin: 12px 0 4px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        a { color: #0b57d0; }
        code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
        pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: 8px 10px; overflow-x: auto; margin: 4px 0 8px; }
        table { border-collapse: collapse; margin: 4px 0 8px; }
        th, td { border-bottom: 1px solid #e1e4e8; padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; font-weight: 600; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        table.summary code { overflow-wrap: break-word; }
        table.summary td.command code { word-break: break-all; }
        tr.fails td:first-child { box-shadow: inset 3px 0 #c62828; }
        tr.source td { border-bottom: 1px solid #e1e4e8; padding-top: 0; color: #444; }
        tr.with-source td { border-bottom: none; }
        .status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
        .status-new { background: #fde0e0; color: #b71c1c; }
        .status-still-present { background: #fff0d4; color: #8a4b00; }
        .status-fixed { background: #dcf3e3; color: #1b5e20; }
        .status-flaky { background: #ede3fa; color: #5b2a91; }
        .status-passed { background: #eceff1; color: #455a64; }
        .verdict { font-size: 16px; font-weight: 600; margin: 6px 0 10px; }
        .exit-success { color: #1b5e20; }
        .exit-failure { color: #b71c1c; }
        dl.facts { display: grid; grid-template-columns: fit-content(40%) minmax(0, 1fr); gap: 2px 16px; margin: 6px 0; }
        dl.facts dt { color: #5f6368; }
        dl.facts dt, dl.facts dd { min-width: 0; overflow-wrap: anywhere; }
        dl.facts dd { margin: 0; }
        .note { color: #5f6368; }
        svg { max-width: 100%; height: auto; display: block; margin: 6px 0; }
        """;
}
