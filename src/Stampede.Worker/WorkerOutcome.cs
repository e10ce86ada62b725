using System.Text.Json.Serialization;

namespace Stampede.Worker;

/// <summary>How a worker's request ended (<see cref="WorkerResponse.Outcome"/>); its JSON form is the lower-case name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkerOutcome>))]
public enum WorkerOutcome
{
    /// <summary>Every repetition passed the oracles.</summary>
    [JsonStringEnumMemberName("clean")] Clean,

    /// <summary>An oracle failed: <see cref="WorkerResponse.Failure"/>.</summary>
    [JsonStringEnumMemberName("failure")] Failure,

    /// <summary>Threads <see cref="WorkerResponse.Unfinished"/> did not finish; the worker waits to be examined and killed.</summary>
    [JsonStringEnumMemberName("hang")] Hang,

    /// <summary>The request could not be run: <see cref="WorkerResponse.Error"/>.</summary>
    [JsonStringEnumMemberName("error")] Error,

    /// <summary>A systematic iteration stopped where <see cref="SystematicRequest.Stop"/> asked; its schedule up to there
    /// is <see cref="WorkerResponse.Schedule"/>.</summary>
    [JsonStringEnumMemberName("stopped")] Stopped,
}
