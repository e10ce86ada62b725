using System.Text.Json.Serialization;

namespace Stampede.Model.Contracts;

/// <summary>
/// A function's thread-safety contract, from the safest down, in the vocabulary of the glibc manual's POSIX safety
/// concepts: callable from any threads at once; callable at once only on distinct handles (one handle, one thread at a
/// time); or callable at once with nothing else of its race group.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThreadSafety>))]
public enum ThreadSafety
{
    [JsonStringEnumMemberName("mt-safe")] MtSafe,
    [JsonStringEnumMemberName("safe-on-distinct-handles")] SafeOnDistinctHandles,
    [JsonStringEnumMemberName("mt-unsafe")] MtUnsafe,
}
