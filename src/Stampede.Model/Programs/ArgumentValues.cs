using System.Globalization;
using System.Text;
using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>
/// Chooses the values of arguments that are not handles: from the parameter's <see cref="ArgumentDomain"/> when
/// the config gives one or the harness learned one (never outside it: a learned precondition is a call that killed
/// the worker on one thread, docs/preconditions.md), else from its type: boundary integers and the header's own constants, enum members,
/// buffer sizes, and strings from a small dictionary, a per-program pool, or at random. The pool is what makes
/// threads collide: in a shared program every thread draws keys from the same few strings; in an isolated one
/// each thread has its own.
/// </summary>
internal sealed class ArgumentValues
{
    private static readonly long[] InterestingIntegers =
    [
        0, 1, -1, 2, 3, 7, 8, 15, 16, 31, 32, 63, 64, 100, 127, 128, 255, 256, 1000, 1024, 4095, 4096, 65535, 65536,
        int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue,
    ];

    private static readonly double[] InterestingFloats =
        [0.0, 1.0, -1.0, 0.5, 3.25, 1e-300, 1e300, double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    private static readonly string[] Words =
    [
        "k1", "k2", "key", "value", "", "a", "x", "hello world", "0", "1", "-1", "42", "99999999999999999999",
        "a,b,c", "a b c", " ", ",", ";", "1h 02m 03s", "%s%n", "name=value", "\t", "ü", "user", "shared",
    ];

    private const string RandomAlphabet = "abcdefxyzABC0129 ,;:=-_./%";

    private readonly ResourceIndex _index;
    private readonly GenerationOptions _options;
    private readonly IChoiceSource _choices;
    private readonly bool _poolPerThread;
    private readonly Dictionary<int, List<string>> _pools = [];
    private readonly List<long> _integers;
    private readonly List<int> _bufferSizes;
    private readonly List<string> _dictionary;

    public ArgumentValues(ResourceIndex index, GenerationOptions options, IChoiceSource choices, bool poolPerThread)
    {
        _index = index;
        _options = options;
        _choices = choices;
        _poolPerThread = poolPerThread;
        // A header's integer constants are often limits (KV_MAX_KEY): values at and next to them are worth passing.
        var constants = index.Model.Constants
            .Where(c => c.Type != "string")
            .Select(c => long.TryParse(c.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (long?)null)
            .OfType<long>().ToList();
        _integers = [.. InterestingIntegers, .. constants.SelectMany(c => new[] { c - 1, c, c + 1 }).Distinct()];
        _bufferSizes = [.. new long[] { 64, 256, 1, 2, 8, 16, 32, 128, 1024, 4096 }
            .Concat(constants.SelectMany(c => new[] { c - 1, c }))
            .Where(s => s >= 1 && s <= options.MaxBufferSize).Select(s => (int)s).Distinct()];
        _dictionary = [.. Words,
            .. index.Model.Constants.Where(c => c.Type == "string").Select(c => c.Value),
            .. constants.Where(c => c is > 1 and <= 256).Distinct().Select(c => new string('k', (int)c))];
    }

    /// <summary>A value for a parameter whose role takes no handle and no linked buffer length.</summary>
    /// <param name="producing">the call produces a handle: it gets no null string, since a producer handed null
    /// would mostly make a null handle that every later call on it trips over, a caller's error and no finding.</param>
    public Argument For(ApiParameter p, int? thread, bool producing = false) => p.Role switch
    {
        ParameterRole.StringIn => String(p, thread, allowNull: !producing && p.Domain?.NotNull != true),
        // A parameter learned to be written (or to need room) takes a buffer: a literal's content means nothing there.
        ParameterRole.StringOut when p.Domain is { Writable: true } or { MinSize: not null } => new OutputBufferArgument(AtLeast(p, 256)),
        ParameterRole.StringOut => _choices.OneIn(2) ? String(p, thread, allowNull: p.Domain?.NotNull != true) : new OutputBufferArgument(256),
        ParameterRole.BufferIn => Bytes(thread, p.Domain?.MinSize ?? 0),
        ParameterRole.BufferOut => new OutputBufferArgument(AtLeast(p, _choices.Pick(_bufferSizes))),
        // Memory of unknown size that the call may write: large enough for any scalar or small struct.
        ParameterRole.Pointer => new OutputBufferArgument(AtLeast(p, _choices.Pick([256, 64, 16]))),
        ParameterRole.Enum or ParameterRole.Flags => Enum(p),
        ParameterRole.Scalar when p.Abi is AbiKind.F32 or AbiKind.F64 => Float(),
        ParameterRole.Scalar => Integer(p),
        ParameterRole.Length => new IntegerArgument(ToBits(Clamp(_choices.Pick(_bufferSizes), p))),
        _ => NullArgument.Instance,
    };

    /// <summary><paramref name="size"/>, or the least the parameter was learned to need when that is more.</summary>
    private int AtLeast(ApiParameter p, int size) =>
        p.Domain?.MinSize is { } min ? Math.Max(size, Math.Min(min, _options.MaxBufferSize)) : size;

    /// <summary>A length for a buffer of <paramref name="capacity"/> bytes: mostly all of it, sometimes less.</summary>
    public IntegerArgument Length(long capacity) => new(_choices.Choose(4) switch
    {
        0 or 1 => capacity,
        2 => Math.Max(0, capacity - 1),
        _ => _choices.Choose((int)Math.Min(capacity + 1, int.MaxValue)),
    });

    private Argument String(ApiParameter p, int? thread, bool allowNull)
    {
        if (allowNull && _options.NullStringOneIn > 0 && _choices.OneIn(_options.NullStringOneIn)) return NullArgument.Instance;
        if (p.Domain?.Strings is { Count: > 0 } domain && !_choices.OneIn(4)) return new StringArgument(_choices.Pick(domain));
        return new StringArgument(Text(thread));
    }

    private string Text(int? thread) => _options.PooledStringsOnly ? _choices.Pick(Pool(thread)) : _choices.Choose(8) switch
    {
        < 4 => _choices.Pick(Pool(thread)),
        < 7 => _choices.Pick(_dictionary),
        _ => RandomText(),
    };

    /// <summary>The few strings that threads (all of them, or one, in an isolated program) keep passing.</summary>
    private List<string> Pool(int? thread)
    {
        var key = _poolPerThread ? thread ?? -1 : 0;
        if (_pools.TryGetValue(key, out var pool)) return pool;
        pool = [];
        var size = _choices.Between(2, 3);
        while (pool.Count < size)
        {
            var s = _choices.OneIn(2) ? RandomText() : _choices.Pick(_dictionary);
            // Isolated threads must not meet on a key; the thread number keeps their strings apart.
            if (_poolPerThread) s = $"t{key}{s}";
            if (!pool.Contains(s) && !IsUsedByAnotherPool(s, key)) pool.Add(s);
            else pool.Add($"{s}{pool.Count}");
        }
        return _pools[key] = pool;
    }

    private bool IsUsedByAnotherPool(string s, int key) => _pools.Any(p => p.Key != key && p.Value.Contains(s));

    private string RandomText()
    {
        var length = _choices.Choose(_options.MaxStringLength + 1);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++) text.Append(RandomAlphabet[_choices.Choose(RandomAlphabet.Length)]);
        return text.ToString();
    }

    /// <summary>Text or random bytes, padded with zeros to <paramref name="minSize"/>.</summary>
    private InputBytesArgument Bytes(int? thread, int minSize)
    {
        if (_choices.OneIn(2))
        {
            var text = Encoding.UTF8.GetBytes(Text(thread));
            return new InputBytesArgument(text.Length >= minSize ? text : [.. text, .. new byte[minSize - text.Length]]);
        }
        var bytes = new byte[Math.Max(minSize, _choices.Choose(65))];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)_choices.Choose(256);
        return new InputBytesArgument(bytes);
    }

    private Argument Enum(ApiParameter p)
    {
        var apiEnum = _index.Model.Enums.FirstOrDefault(e => e.Name == p.Enum);
        if (apiEnum is null || apiEnum.Members.Count == 0) return Integer(p);
        // A member named like a word of the text form (null, inf, r1) would read back as that word, not as itself.
        var members = (p.Domain?.EnumMembers is { Count: > 0 } domain
            ? domain.Where(m => apiEnum.Members.Any(x => x.Name == m))
            : apiEnum.Members.Select(m => m.Name)).Where(ProgramParser.IsEnumMemberName).ToList();
        if (members.Count == 0) return Integer(p);
        // A value no member has: libraries switch over enums and often forget a default.
        if (_choices.OneIn(16) && Unnamed(apiEnum, p) is { } unnamed) return new IntegerArgument(unnamed);
        if (!apiEnum.Flags) return new EnumArgument([_choices.Pick(members)]);
        var picked = new List<string>();
        var count = _choices.Between(1, Math.Min(3, members.Count));
        while (picked.Count < count)
        {
            var m = _choices.Pick(members);
            if (picked.Contains(m)) break;
            picked.Add(m);
        }
        return new EnumArgument(picked);
    }

    /// <summary>A value no member has that the parameter can hold: one past the largest member, else one below the
    /// smallest (a member at the edge of the type, like 0xFFFFFFFF, leaves no room above it).</summary>
    private static long? Unnamed(ApiEnum e, ApiParameter p)
    {
        var (lo, hi) = Range(p);
        var above = (Int128)e.Members.Max(m => m.Value) + 1;
        if (above >= lo && above <= hi) return ToBits(above);
        var below = (Int128)e.Members.Min(m => m.Value) - 1;
        return below >= lo && below <= hi ? ToBits(below) : null;
    }

    private FloatArgument Float() => new(_choices.OneIn(3)
        ? (_choices.Choose(2_000_001) - 1_000_000) / 1000.0
        : _choices.Pick(InterestingFloats));

    private IntegerArgument Integer(ApiParameter p)
    {
        var (lo, hi) = Range(p);
        // One byte decides both the kind of value and, for the listed ones, which: a byte-level fuzzer then reaches
        // any listed value from any other by changing that one byte (a kind, then an index, took two).
        var choice = _choices.Choose(256);
        if (choice < 160)
        {
            var fitting = _integers.Where(v => v >= lo && v <= hi).ToList();
            if (fitting.Count > 0) return new(ToBits(fitting[choice % fitting.Count]));
        }
        else if (choice < 192) return new(ToBits(choice % 2 == 0 ? lo : hi));
        var span = (UInt128)(hi - lo) + 1;
        return new(ToBits(lo + (Int128)((UInt128)(ulong)_choices.Bits64() % span)));
    }

    private static long ToBits(Int128 v) => unchecked((long)v);

    private static Int128 Clamp(Int128 value, ApiParameter p)
    {
        var (lo, hi) = Range(p);
        return Int128.Clamp(value, lo, hi);
    }

    /// <summary>The integers a parameter takes: its domain, clamped to what its type can hold.</summary>
    private static (Int128 Lo, Int128 Hi) Range(ApiParameter p)
    {
        (Int128 lo, Int128 hi) = p.Abi switch
        {
            AbiKind.I8 => (sbyte.MinValue, sbyte.MaxValue),
            AbiKind.U8 => (0, byte.MaxValue),
            AbiKind.I16 => (short.MinValue, short.MaxValue),
            AbiKind.U16 => (0, ushort.MaxValue),
            AbiKind.I32 => (int.MinValue, int.MaxValue),
            AbiKind.U32 => (0, uint.MaxValue),
            AbiKind.U64 => (0, ulong.MaxValue),
            _ => ((Int128)long.MinValue, (Int128)long.MaxValue),
        };
        if (p.Domain?.Min is { } min && min > lo && min <= hi) lo = min;
        if (p.Domain?.Max is { } max && max < hi && max >= lo) hi = max;
        return (lo, hi);
    }
}
