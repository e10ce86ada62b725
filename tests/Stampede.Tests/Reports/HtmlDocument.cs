using System.Xml.Linq;

namespace Stampede.Tests.Reports;

/// <summary>report.html read back with an XML parser (the page is written well-formed), to look at it as a browser
/// would: elements, attributes and the text they hold, with every entity decoded.</summary>
internal static class HtmlDocument
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static XDocument Parse(string html) => XDocument.Parse(html);

    public static bool HasClass(this XElement element, string cssClass) =>
        ((string?)element.Attribute("class"))?.Split(' ').Contains(cssClass) == true;

    public static IEnumerable<XElement> WithClass(this XContainer root, string name, string cssClass) =>
        root.Descendants().Where(e => e.Name.LocalName == name && e.HasClass(cssClass));
}
