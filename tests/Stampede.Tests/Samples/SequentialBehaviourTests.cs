using static Stampede.Tests.Samples.Utf8;

namespace Stampede.Tests.Samples;

/// <summary>
/// Every sample library behaves correctly when called from one thread through P/Invoke, so any
/// later finding on them is a concurrency finding, not a plain bug. Functions with process-wide
/// state are checked with keys unique to the test, since other tests share the process.
/// </summary>
[TestFixture]
public class SequentialBehaviourTests
{
    [Test]
    public void TextKit_formats_durations_in_a_static_buffer_and_reentrantly()
    {
        Assert.That(TextKit.tk_abi_version(), Is.EqualTo(3));
        Assert.That(Read(TextKit.tk_format_duration(3723)), Is.EqualTo("1h 02m 03s"));
        nint first = TextKit.tk_format_duration(59);
        Assert.That(TextKit.tk_format_duration(61), Is.EqualTo(first), "one static buffer, reused");
        Assert.That(TextKit.tk_format_duration(-1), Is.EqualTo((nint)0));

        var (n, text) = Fill(32, (p, len) => TextKit.tk_format_duration_r(3723, p, len));
        Assert.That((n, text), Is.EqualTo((10, "1h 02m 03s")));
        Assert.That(Fill(5, (p, len) => TextKit.tk_format_duration_r(3723, p, len)).Status, Is.EqualTo(-3), "TK_ENOSPC");
    }

    [Test]
    public void TextKit_parse_int_reports_errors_through_the_last_error_slot()
    {
        Assert.That(TextKit.tk_parse_int("12x", out _), Is.EqualTo(-1));
        Assert.That(Read(TextKit.tk_last_error()), Is.EqualTo("invalid digit 'x' at offset 2 in \"12x\""));
        Assert.That(TextKit.tk_parse_int("-42", out long v), Is.Zero);
        Assert.That(v, Is.EqualTo(-42));
        Assert.That(Read(TextKit.tk_last_error()), Is.Empty);
        Assert.That(TextKit.tk_parse_int("99999999999999999999", out _), Is.EqualTo(-2));
    }

    [Test]
    public void TextKit_char_class_table_agrees_with_the_tableless_version_for_every_byte()
    {
        for (int c = 0; c < 256; c++)
            Assert.That(TextKit.tk_char_class(c), Is.EqualTo(TextKit.tk_char_class_r(c)), $"byte {c}");
        Assert.That(TextKit.tk_char_class('Q'), Is.EqualTo(4 | 16), "ALPHA|UPPER");
        Assert.That(TextKit.tk_char_class('7'), Is.EqualTo(2));
        Assert.That(TextKit.tk_char_class(' '), Is.EqualTo(1));
        Assert.That(TextKit.tk_char_class(','), Is.EqualTo(8));
    }

    [Test]
    public void TextKit_tokenizes_with_the_hidden_cursor_and_with_a_handle()
    {
        var hidden = new List<string?> { Read(TextKit.tk_next_token("a,,bc;d", ",;")) };
        for (nint t; (t = TextKit.tk_next_token(null, ",;")) != 0;) hidden.Add(Read(t));
        Assert.That(hidden, Is.EqualTo(new[] { "a", "bc", "d" }));

        nint tok = TextKit.tk_tokenizer_new(" x  yy z ", " ");
        var own = new List<string?>();
        for (nint t; (t = TextKit.tk_tokenizer_next(tok)) != 0;) own.Add(Read(t));
        TextKit.tk_tokenizer_free(tok);
        Assert.That(own, Is.EqualTo(new[] { "x", "yy", "z" }));
    }

    [Test]
    public void KvStore_puts_gets_overwrites_deletes_and_grows()
    {
        nint s = KvStore.kv_open("inventory");
        Assert.That(s, Is.Not.EqualTo((nint)0));
        Assert.That(Read(KvStore.kv_name(s)), Is.EqualTo("inventory"));
        for (int i = 0; i < 40; i++) // past several doublings of the entry table
            Assert.That(KvStore.kv_put(s, $"key{i}", $"value{i}"), Is.Zero);
        Assert.That(KvStore.kv_count(s), Is.EqualTo((nuint)40));
        Assert.That(Fill(64, (p, n) => KvStore.kv_get(s, "key17", p, n)), Is.EqualTo((0, "value17")));

        Assert.That(KvStore.kv_put(s, "key17", "changed"), Is.Zero);
        Assert.That(Fill(64, (p, n) => KvStore.kv_get(s, "key17", p, n)), Is.EqualTo((0, "changed")));
        Assert.That(Fill(4, (p, n) => KvStore.kv_get(s, "key17", p, n)), Is.EqualTo((-3, "cha")), "KV_ETRUNC");

        Assert.That(KvStore.kv_delete(s, "key0"), Is.Zero);
        Assert.That(Fill(64, (p, n) => KvStore.kv_get(s, "key0", p, n)).Status, Is.EqualTo(1), "KV_NOT_FOUND");
        Assert.That(KvStore.kv_errno(), Is.EqualTo(1));
        Assert.That(Fill(64, (p, n) => KvStore.kv_get(s, "key39", p, n)), Is.EqualTo((0, "value39")));
        Assert.That(KvStore.kv_count(s), Is.EqualTo((nuint)39));
        Assert.That(Read(KvStore.kv_strerror(1)), Is.EqualTo("key not found"));
        KvStore.kv_close(s);

        Assert.That(KvStore.kv_open(new string('n', 80)), Is.EqualTo((nint)0));
        Assert.That(KvStore.kv_errno(), Is.EqualTo(-1), "KV_EINVAL");
    }

    [Test]
    public void ObjCache_reference_counts_go_up_and_down()
    {
        nint o = ObjCache.obj_new("widget");
        Assert.That(ObjCache.obj_retain(o), Is.EqualTo(o));
        Assert.That(ObjCache.obj_refcount(o), Is.EqualTo(2));
        Assert.That(Read(ObjCache.obj_label(o)), Is.EqualTo("widget"));
        ObjCache.obj_release(o);
        Assert.That(ObjCache.obj_refcount(o), Is.EqualTo(1));
        ObjCache.obj_release(o);

        nint a = ObjCache.atom_new("gadget");
        ObjCache.atom_retain(a);
        ObjCache.atom_retain(a);
        Assert.That(ObjCache.atom_refcount(a), Is.EqualTo(3));
        ObjCache.atom_release(a);
        Assert.That(ObjCache.atom_refcount(a), Is.EqualTo(2));
        ObjCache.atom_release(a);
        ObjCache.atom_release(a);
    }

    [Test]
    public void ObjCache_registry_gives_consecutive_ids_and_finds_them()
    {
        int before = ObjCache.reg_count();
        var ids = Enumerable.Range(0, 30).Select(i => ObjCache.reg_add($"seq-codec-{i}")).ToArray();
        Assert.That(ids, Is.EqualTo(Enumerable.Range(before, 30).ToArray()));
        Assert.That(ObjCache.reg_count(), Is.EqualTo(before + 30));
        Assert.That(ObjCache.reg_find("seq-codec-12"), Is.EqualTo(before + 12));
        Assert.That(ObjCache.reg_find("seq-missing"), Is.EqualTo(-1));
    }

    [Test]
    public void ObjCache_interning_gives_one_id_per_key([Values("cache", "sym")] string flavour)
    {
        Func<string, int> intern = flavour == "cache" ? ObjCache.cache_intern : ObjCache.sym_intern;
        Func<int> size = flavour == "cache" ? ObjCache.cache_size : ObjCache.sym_count;
        int before = size();
        int a = intern("seq-alpha"), b = intern("seq-beta");
        Assert.That(intern("seq-alpha"), Is.EqualTo(a));
        Assert.That(intern("seq-beta"), Is.EqualTo(b));
        Assert.That(b, Is.Not.EqualTo(a));
        Assert.That(size(), Is.EqualTo(before + 2));
    }

    [Test]
    public void SvcConf_tables_set_get_replace_and_unset([Values("conf", "settings")] string flavour)
    {
        bool conf = flavour == "conf";
        Func<string, string, int> set = conf ? SvcConf.conf_set : SvcConf.settings_put;
        Func<string, nint, nuint, int> get = conf ? SvcConf.conf_get : SvcConf.settings_get;
        Func<string, int> unset = conf ? SvcConf.conf_unset : SvcConf.settings_remove;
        Func<int> count = conf ? SvcConf.conf_count : SvcConf.settings_count;

        int before = count();
        for (int i = 0; i < 12; i++) Assert.That(set($"seq.key{i}", $"v{i}"), Is.Zero);
        Assert.That(count(), Is.EqualTo(before + 12));
        Assert.That(set("seq.key3", "replaced"), Is.Zero);
        Assert.That(Fill(64, (p, n) => get("seq.key3", p, n)), Is.EqualTo((0, "replaced")));
        Assert.That(Fill(4, (p, n) => get("seq.key3", p, n)), Is.EqualTo((-2, "rep")), "CONF_ETRUNC");
        Assert.That(set("bad=key", "x"), Is.EqualTo(-1), "CONF_EINVAL");
        for (int i = 0; i < 12; i++) Assert.That(unset($"seq.key{i}"), Is.Zero);
        Assert.That(Fill(64, (p, n) => get("seq.key3", p, n)).Status, Is.EqualTo(1), "CONF_NOT_FOUND");
        Assert.That(count(), Is.EqualTo(before));
    }

    [Test]
    public void SvcConf_ledger_posts_and_balances_and_stats_accumulate()
    {
        long postings = SvcConf.ledger_postings();
        Assert.That(SvcConf.ledger_post("seq-acct", 100), Is.EqualTo(100));
        Assert.That(SvcConf.ledger_post("seq-acct", -30), Is.EqualTo(70));
        Assert.That(SvcConf.ledger_balance("seq-acct"), Is.EqualTo(70));
        Assert.That(SvcConf.ledger_postings(), Is.EqualTo(postings + 2));

        long total = SvcConf.stats_total(), samples = SvcConf.stats_samples();
        SvcConf.stats_add(5);
        SvcConf.stats_add(7);
        Assert.That(SvcConf.stats_total(), Is.EqualTo(total + 12));
        Assert.That(SvcConf.stats_samples(), Is.EqualTo(samples + 2));
    }
}
