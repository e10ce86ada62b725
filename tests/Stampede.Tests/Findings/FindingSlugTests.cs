using Stampede.Findings;

namespace Stampede.Tests.Findings;

/// <summary>Finding directory names: readable, distinct, and safe whatever the signature holds.</summary>
public sealed class FindingSlugTests
{
    [TestCase("crash:kv_get>find", "crash-kv_get-find-")]
    [TestCase("not-linearizable:tk_format_duration", "not-linearizable-tk_format_duration-")]
    [TestCase("sanitizer:data-race kv_put/kv_get", "sanitizer-data-race-kv_put-kv_get-")]
    [TestCase("hang:", "hang-")]
    [TestCase("no colon at all", "finding-no-colon-at-all-")]
    public void ReadablePartComesFirst(string signature, string prefix)
    {
        var slug = FindingSlug.For(signature);
        Assert.That(slug, Does.StartWith(prefix).And.Match("-[0-9a-f]{8}$"));
    }

    [TestCase("crash:../../etc/passwd")]
    [TestCase("crash:/absolute>path")]
    [TestCase("crash:..")]
    [TestCase(".hidden:x")]
    [TestCase("crash:名前>関数")]
    [TestCase("crash:a\0b\nc\td|e*f?g\"h<i>j:k\\l")]
    [TestCase("")]
    [TestCase(":")]
    public void OddSignaturesGiveSafeNames(string signature)
    {
        var slug = FindingSlug.For(signature);
        Assert.Multiple(() =>
        {
            Assert.That(slug, Does.Match("^[a-z0-9_][a-z0-9_-]*$"));
            Assert.That(slug.Length, Is.LessThanOrEqualTo(80));
            Assert.That(slug, Is.EqualTo(FindingSlug.For(signature)), "stable");
        });
    }

    [Test]
    public void VeryLongSignaturesAreCut() =>
        Assert.That(FindingSlug.For("crash:" + string.Concat(Enumerable.Repeat("deep_function>", 100))).Length, Is.LessThanOrEqualTo(80));

    [Test]
    public void SignaturesThatReadAlikeGetDifferentNames()
    {
        string[] alike = ["crash:kv_get>find", "crash:kv_get find", "crash:KV_GET>FIND", "crash:kv_get/find"];
        Assert.That(alike.Select(s => FindingSlug.For(s)).Distinct().Count(), Is.EqualTo(alike.Length));
    }

    [Test]
    public void OddSignaturesRecordAndLoadBack()
    {
        var root = SampleFindings.TempCorpus();
        try
        {
            string[] odd = ["crash:../../etc/passwd", "crash:a\nb", "crash:名前", ".hidden:x", "crash:`tick`"];
            using (var store = FindingStore.Open(Path.Combine(root, "lib")))
                foreach (var s in odd) store.Record(SampleFindings.Crash(s));
            using var reopened = FindingStore.Open(Path.Combine(root, "lib"));
            Assert.Multiple(() =>
            {
                Assert.That(reopened.Findings.Select(f => f.Finding.Signature), Is.EquivalentTo(odd));
                Assert.That(reopened.Problems, Is.Empty);
                Assert.That(Directory.GetDirectories(root), Has.Length.EqualTo(1), "nothing escaped the corpus");
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
