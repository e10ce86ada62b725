namespace Stampede.Reports;

/// <summary>One output of <c>--out</c>: a file name and the text it holds for a run.</summary>
public interface IRunReportWriter
{
    /// <summary>The file's name inside the <c>--out</c> directory (<c>junit.xml</c>).</summary>
    string FileName { get; }

    /// <summary>The whole file. Every string that came from the library under test is escaped for the format.</summary>
    string Render(RunReport run);
}
