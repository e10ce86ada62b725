using System.Text.Json.Serialization;

namespace Stampede.Worker;

/// <summary>How a worker runs a request's program; triage compares the first three. Its JSON form is the kebab-case
/// name (<c>single-threaded</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Schedule>))]
public enum Schedule
{
    /// <summary>Every thread on its own OS thread, released together: how campaigns run programs.</summary>
    [JsonStringEnumMemberName("stress")] Stress,

    /// <summary>As <see cref="Stress"/>, with every native call serialized by one process-wide lock (an emulated GIL).</summary>
    [JsonStringEnumMemberName("serialized")] Serialized,

    /// <summary>Setup, then thread 0's calls, thread 1's, ... on one thread: what one caller making the same calls sees.</summary>
    [JsonStringEnumMemberName("single-threaded")] SingleThreaded,

    /// <summary>Every thread on its own controlled thread, interleaved call by call by Coyote.</summary>
    [JsonStringEnumMemberName("systematic")] Systematic,
}
