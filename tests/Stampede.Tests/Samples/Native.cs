using System.Runtime.InteropServices;
using System.Text;

namespace Stampede.Tests.Samples;

// Hand-written declarations for the sequential ground-truth tests. They are deliberately not the
// generated bindings: these tests must hold even when the generator is wrong.
static class TextKit
{
    const string Lib = "textkit";
    [DllImport(Lib)] public static extern int tk_abi_version();
    [DllImport(Lib)] public static extern nint tk_format_duration(long seconds);
    [DllImport(Lib)] public static extern int tk_format_duration_r(long seconds, nint buf, nuint len);
    [DllImport(Lib)] public static extern int tk_parse_int(string text, out long value);
    [DllImport(Lib)] public static extern nint tk_last_error();
    [DllImport(Lib)] public static extern int tk_char_class(int c);
    [DllImport(Lib)] public static extern int tk_char_class_r(int c);
    [DllImport(Lib)] public static extern nint tk_next_token(string? text, string delims);
    [DllImport(Lib)] public static extern nint tk_tokenizer_new(string text, string delims);
    [DllImport(Lib)] public static extern nint tk_tokenizer_next(nint tok);
    [DllImport(Lib)] public static extern void tk_tokenizer_free(nint tok);
}

static class KvStore
{
    const string Lib = "kvstore";
    [DllImport(Lib)] public static extern nint kv_open(string name);
    [DllImport(Lib)] public static extern void kv_close(nint store);
    [DllImport(Lib)] public static extern int kv_put(nint store, string key, string value);
    [DllImport(Lib)] public static extern int kv_get(nint store, string key, nint buf, nuint len);
    [DllImport(Lib)] public static extern int kv_delete(nint store, string key);
    [DllImport(Lib)] public static extern nuint kv_count(nint store);
    [DllImport(Lib)] public static extern nint kv_name(nint store);
    [DllImport(Lib)] public static extern int kv_errno();
    [DllImport(Lib)] public static extern nint kv_strerror(int status);
}

static class ObjCache
{
    const string Lib = "objcache";
    [DllImport(Lib)] public static extern nint obj_new(string label);
    [DllImport(Lib)] public static extern nint obj_retain(nint o);
    [DllImport(Lib)] public static extern void obj_release(nint o);
    [DllImport(Lib)] public static extern int obj_refcount(nint o);
    [DllImport(Lib)] public static extern nint obj_label(nint o);
    [DllImport(Lib)] public static extern nint atom_new(string label);
    [DllImport(Lib)] public static extern nint atom_retain(nint a);
    [DllImport(Lib)] public static extern void atom_release(nint a);
    [DllImport(Lib)] public static extern int atom_refcount(nint a);
    [DllImport(Lib)] public static extern int reg_add(string name);
    [DllImport(Lib)] public static extern int reg_find(string name);
    [DllImport(Lib)] public static extern int reg_count();
    [DllImport(Lib)] public static extern int cache_intern(string key);
    [DllImport(Lib)] public static extern int cache_size();
    [DllImport(Lib)] public static extern int sym_intern(string key);
    [DllImport(Lib)] public static extern int sym_count();
}

static class SvcConf
{
    const string Lib = "svcconf";
    [DllImport(Lib)] public static extern int conf_set(string key, string value);
    [DllImport(Lib)] public static extern int conf_get(string key, nint buf, nuint len);
    [DllImport(Lib)] public static extern int conf_unset(string key);
    [DllImport(Lib)] public static extern int conf_count();
    [DllImport(Lib)] public static extern int settings_put(string key, string value);
    [DllImport(Lib)] public static extern int settings_get(string key, nint buf, nuint len);
    [DllImport(Lib)] public static extern int settings_remove(string key);
    [DllImport(Lib)] public static extern int settings_count();
    [DllImport(Lib)] public static extern long ledger_post(string account, long amount);
    [DllImport(Lib)] public static extern long ledger_balance(string account);
    [DllImport(Lib)] public static extern long ledger_postings();
    [DllImport(Lib)] public static extern void stats_add(long value);
    [DllImport(Lib)] public static extern long stats_total();
    [DllImport(Lib)] public static extern long stats_samples();
}

static class Utf8
{
    public static string? Read(nint p) => Marshal.PtrToStringUTF8(p);

    /// <summary>Calls a function that fills a caller buffer; returns its status and the text.</summary>
    public static unsafe (int Status, string Text) Fill(int capacity, Func<nint, nuint, int> call)
    {
        var buf = new byte[capacity];
        fixed (byte* p = buf)
        {
            int status = call((nint)p, (nuint)capacity);
            int len = Array.IndexOf(buf, (byte)0);
            return (status, Encoding.UTF8.GetString(buf, 0, len < 0 ? capacity : len));
        }
    }
}
