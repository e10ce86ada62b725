namespace TextKit.Tests;

/// <summary>The wrapper's own tests, from one thread: they pass.</summary>
public class WrapperTests
{
    [Test]
    public void Formats_a_duration() => Assert.That(Text.FormatDuration(3661), Is.EqualTo("1h 01m 01s"));

    [Test]
    public void Parses_an_integer() => Assert.That(Text.ParseInt("42"), Is.EqualTo(42));

    [Test]
    public void Rejects_what_is_no_integer() => Assert.That(() => Text.ParseInt("12x"), Throws.TypeOf<FormatException>());

    [Test]
    public void Splits_tokens() => Assert.That(Text.Tokens("a,b;c", ",;"), Is.EqualTo(new[] { "a", "b", "c" }));
}
