using System.Text.Json;
using Stampede.Model;

namespace Stampede.Tests.Findings;

/// <summary>A finding kind has one text form: what report.json, the worker protocol, signatures and output lines all
/// write, and what reading them gives back.</summary>
[TestFixture]
public class FindingKindTests
{
    [TestCase(FindingKind.Crash, "crash")]
    [TestCase(FindingKind.Hang, "hang")]
    [TestCase(FindingKind.OutOfMemory, "oom")]
    [TestCase(FindingKind.NotLinearizable, "not-linearizable")]
    [TestCase(FindingKind.Isolation, "isolation")]
    [TestCase(FindingKind.Invariant, "invariant")]
    [TestCase(FindingKind.Sanitizer, "sanitizer")]
    [TestCase(FindingKind.Coyote, "coyote")]
    public void The_name_the_json_and_the_parse_agree(FindingKind kind, string text)
    {
        Assert.That(kind.Name(), Is.EqualTo(text));
        Assert.That(JsonSerializer.Serialize(kind), Is.EqualTo($"\"{text}\""));
        Assert.That(JsonSerializer.Deserialize<FindingKind>($"\"{text}\""), Is.EqualTo(kind));
        Assert.That(FindingKindText.Parse(text), Is.EqualTo(kind));
    }

    [Test]
    public void An_unknown_text_is_no_kind() => Assert.That(FindingKindText.Parse("segfault"), Is.Null);
}
