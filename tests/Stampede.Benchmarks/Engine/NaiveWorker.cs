using Stampede.Harnesses;
using Stampede.Model;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Stampede.Campaigns;
using Stampede.Execution.Running;
using Stampede.Execution.Worker;
using Stampede.Model.Api;

namespace Stampede.Benchmarks.Engine;

/// <summary>
/// The naive baseline, run as a child process (<c>naive --harness DIR --seed N --board FILE [--threads 4]</c>): a pool
/// of handles made once, then threads calling random functions of the API with random arguments of the right role,
/// forever — no programs, no fresh state, no oracle. Only a crash (the process dies) or a hang (a call that never
/// returns, seen on the call board by <see cref="NaiveRun"/>) can show a bug.
/// </summary>
public static unsafe class NaiveWorker
{
    const int PoolPerResource = 3;

    static readonly string[] Words =
        ["", "a", "k", "key", "k1", "alpha", "beta", "x y z", "a,b,c", "12", "-7", "9x", "hello world", "a b c d e f"];
    static readonly long[] SmallIntegers = [0, 1, 2, 3, 7, 16, 59, 100, 3661, -1];

    public static int Run(string harnessDirectory, int seed, string boardPath, int threads)
    {
        var harness = Harness.Open(harnessDirectory);
        var target = harness.Load();
        target.Fresh();
        var model = harness.Model;
        var board = CallBoard.Create(boardPath);
        var words = model.Functions.SelectMany(f => f.Parameters).SelectMany(p => p.Domain?.Strings ?? []).Concat(Words)
            .Distinct().Select(Immortal).ToArray();

        var pool = MakePool(model, target, words, new Random(seed));
        var destructorOf = model.Resources
            .Select(r => (r.Name, Destructor: r.Destructors.Select(model.Function).FirstOrDefault(d => d is { Parameters.Count: 1 })))
            .Where(r => r.Destructor is not null).ToDictionary(r => r.Name, r => r.Destructor!);
        var destructors = model.Resources.SelectMany(r => r.Destructors).ToHashSet();
        // Never a destructor (the pool's handles must stay valid, or every crash would be the baseline's own
        // use-after-free), nothing the dispatcher cannot call, and nothing whose handles the pool lacks.
        var callable = model.Functions.Where(f => f.NeverCall is null && f.NotDispatchable is null && !destructors.Contains(f.Name)
                && f.Parameters.All(p => p.Role is not (ParameterRole.Callback or ParameterRole.Struct)
                                         && (p.Role != ParameterRole.HandleIn || pool.ContainsKey(p.Resource!))))
            .ToArray();
        Console.Error.WriteLine($"naive: {callable.Length} callable functions, pool {string.Join(", ", pool.Select(p => $"{p.Key} x{p.Value.Length}"))}");

        for (int t = 0; t < threads; t++)
        {
            int thread = t;
            new Thread(() => Loop(thread, seed, callable, model, target, board, pool, words, destructorOf)) { IsBackground = true }.Start();
        }
        Thread.Sleep(Timeout.Infinite); // the parent kills us, or a bug does
        return 0;
    }

    /// <summary>A few handles per resource from producers that need no handle, with simple arguments.</summary>
    static Dictionary<string, nint[]> MakePool(ApiModel model, NativeTarget target, nint[] words, Random random)
    {
        var pool = new Dictionary<string, nint[]>();
        var scratch = new Scratch();
        foreach (var resource in model.Resources)
        {
            var producer = resource.Producers.Where(p => p.How == "returns").Select(p => model.Function(p.Function))
                .FirstOrDefault(f => f is not null && f.NotDispatchable is null && f.Parameters.All(p => p.Role != ParameterRole.HandleIn));
            if (producer is null) continue;
            var handles = new List<nint>();
            for (int i = 0; i < PoolPerResource; i++)
            {
                var slots = Arguments(producer, model, random, scratch, words, pool);
                nint handle = (nint)target.Dispatcher.Invoke(producer.Index, slots);
                if (handle != 0) handles.Add(handle);
            }
            if (handles.Count > 0) pool[resource.Name] = handles.ToArray();
        }
        return pool;
    }

    static void Loop(int thread, int seed, ApiFunction[] callable, ApiModel model, NativeTarget target, CallBoard board,
        Dictionary<string, nint[]> pool, nint[] words, Dictionary<string, ApiFunction> destructorOf)
    {
        board.Register(thread, OsThread.CurrentId());
        var random = new Random(SeedMix.Of(seed, thread));
        var scratch = new Scratch();
        for (int position = 0; ; position++)
        {
            var function = callable[random.Next(callable.Length)];
            var slots = Arguments(function, model, random, scratch, words, pool);
            board.Enter(thread, 0, position, function.Index, Stopwatch.GetTimestamp());
            long result = target.Dispatcher.Invoke(function.Index, slots);
            board.Exit(thread, Stopwatch.GetTimestamp());
            // A handle this thread just made (or a reference it just took) is its own: give it back at once, so
            // memory stays bounded over a long loop. Pool handles are never destroyed.
            if (function.Returns is { Role: ReturnRole.HandleProducer, Resource: { } resource } && result != 0
                && destructorOf.TryGetValue(resource, out var destructor))
            {
                board.Enter(thread, 0, position, destructor.Index, Stopwatch.GetTimestamp());
                target.Dispatcher.Invoke(destructor.Index, [result]);
                board.Exit(thread, Stopwatch.GetTimestamp());
            }
        }
    }

    /// <summary>Random arguments of the right role: small integers, dictionary strings, pool handles, buffers with
    /// their true length.</summary>
    static long[] Arguments(ApiFunction function, ApiModel model, Random random, Scratch scratch, nint[] words, Dictionary<string, nint[]> pool)
    {
        var parameters = function.Parameters;
        var slots = new long[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            slots[i] = p.Role switch
            {
                ParameterRole.HandleIn => pool[p.Resource!][random.Next(pool[p.Resource!].Length)],
                ParameterRole.HandleOut or ParameterRole.Pointer or ParameterRole.StringOut => (long)scratch.Zeroed(i, Scratch.Size),
                ParameterRole.StringIn => words[random.Next(words.Length)],
                ParameterRole.BufferOut => (long)scratch.Zeroed(i, Scratch.Size),
                ParameterRole.BufferIn => (long)scratch.Random(i, random),
                ParameterRole.Enum => EnumValue(model, p, random, flags: false),
                ParameterRole.Flags => EnumValue(model, p, random, flags: true),
                ParameterRole.Length => 0, // set below, from its buffer
                ParameterRole.UserData => 0,
                _ => Scalar(p, random),
            };
        }
        for (int i = 0; i < parameters.Count; i++)
            if (parameters[i].Role == ParameterRole.Length)
                slots[i] = parameters[i].BufferParameter is { } b && parameters[b].Role == ParameterRole.BufferIn
                    ? Scratch.RandomLength
                    : parameters[i].BufferParameter is not null ? random.Next(1, Scratch.Size + 1) : random.Next(0, 17);
        return slots;
    }

    static long Scalar(ApiParameter p, Random random)
    {
        long value = p.Domain is { Min: { } min, Max: { } max } ? random.NextInt64(min, max + 1) : SmallIntegers[random.Next(SmallIntegers.Length)];
        return p.Abi switch
        {
            AbiKind.F32 => BitConverter.SingleToInt32Bits(value),
            AbiKind.F64 => BitConverter.DoubleToInt64Bits(value),
            _ => value,
        };
    }

    static long EnumValue(ApiModel model, ApiParameter p, Random random, bool flags)
    {
        var members = model.Enums.FirstOrDefault(e => e.Name == p.Enum)?.Members;
        if (members is null || members.Count == 0) return random.Next(0, 4);
        long value = members[random.Next(members.Count)].Value;
        if (flags && random.Next(2) == 0) value |= members[random.Next(members.Count)].Value;
        return value;
    }

    /// <summary>A NUL-terminated copy that lives as long as the process (the library may keep the pointer).</summary>
    static nint Immortal(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s + "\0");
        nint memory = (nint)NativeMemory.Alloc((nuint)bytes.Length);
        Marshal.Copy(bytes, 0, memory, bytes.Length);
        return memory;
    }

    /// <summary>One thread's argument memory: a block per parameter position, reused call after call.</summary>
    sealed class Scratch
    {
        public const int Size = 256;
        public const int RandomLength = 32;
        readonly byte*[] blocks = new byte*[16];

        byte* Block(int i) => blocks[i] != null ? blocks[i] : blocks[i] = (byte*)NativeMemory.AllocZeroed(Size + 1);

        public nint Zeroed(int i, int size)
        {
            var b = Block(i);
            new Span<byte>(b, size).Clear();
            return (nint)b;
        }

        public nint Random(int i, Random random)
        {
            var b = Block(i);
            random.NextBytes(new Span<byte>(b, RandomLength));
            return (nint)b;
        }
    }
}
