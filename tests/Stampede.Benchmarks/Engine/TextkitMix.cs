using Stampede.Execution.CallLayer;
using Stampede.Model.Api;

namespace Stampede.Benchmarks.Engine;

/// <summary>
/// textkit's mix: each thread formats durations into a buffer of its own (tk_format_duration_r, no lock), classifies a
/// byte (tk_char_class_r, no lock), parses a valid integer (tk_parse_int, race group tk_error's lock) and takes the
/// next token of a tokenizer of its own (tk_tokenizer_next, the handle's lock), making a new tokenizer when one runs
/// out (tk_tokenizer_new and tk_tokenizer_free, no lock). A successful parse only clears the shared error slot, a race
/// with no visible effect, so the raw bindings run the same mix safely.
/// </summary>
public sealed class TextkitMix : LockMix
{
    const int DurationBytes = 32;
    const string Sentence = "alpha beta gamma delta epsilon zeta eta theta";
    readonly int format, classify, parse, tokenizerNew, tokenizerNext, tokenizerFree;

    public TextkitMix(ApiModel model) : base(model) =>
        (format, classify, parse, tokenizerNew, tokenizerNext, tokenizerFree) =
        (Index("tk_format_duration_r"), Index("tk_char_class_r"), Index("tk_parse_int"),
         Index("tk_tokenizer_new"), Index("tk_tokenizer_next"), Index("tk_tokenizer_free"));

    public override string Description =>
        "each thread loops `tk_format_duration_r` into its own buffer and `tk_char_class_r` (no lock), `tk_parse_int` of a " +
        "valid number (race group tk_error's lock) and `tk_tokenizer_next` on a tokenizer of its own (handle lock), " +
        "replacing the tokenizer with `tk_tokenizer_free` + `tk_tokenizer_new` (no lock) after its 8 tokens";

    public override long Run(INativeDispatcher d, int thread, Action ready, Func<bool> stop)
    {
        long duration = Buffer(DurationBytes), parsed = Buffer(sizeof(long));
        long[] numbers = [Text("42"), Text("-17"), Text("123456"), Text($"{thread}")];
        long text = Text(Sentence), delimiters = Text(" ");
        long tokenizer = d.Invoke(tokenizerNew, [text, delimiters]);
        ready();
        long calls = 0;
        for (int i = 0; !stop(); i++)
        {
            d.Invoke(format, [i % 100_000, duration, DurationBytes]);
            d.Invoke(classify, [i & 0xff]);
            d.Invoke(parse, [numbers[i & 3], parsed]);
            calls += 4;
            if (d.Invoke(tokenizerNext, [tokenizer]) == 0)
            {
                d.Invoke(tokenizerFree, [tokenizer]);
                tokenizer = d.Invoke(tokenizerNew, [text, delimiters]);
                calls += 2;
            }
        }
        d.Invoke(tokenizerFree, [tokenizer]);
        Free([duration, parsed, text, delimiters, .. numbers]);
        return calls;
    }
}
