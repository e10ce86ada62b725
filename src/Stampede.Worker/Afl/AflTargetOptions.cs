using Stampede.Execution.Running;
using Stampede.Execution.Coverage;

namespace Stampede.Worker.Afl;

/// <summary>
/// What the AFL++ target (<c>stampede afl-target</c>) does with each input, calling <see cref="Library"/> (the coverage build): decode it (<see cref="Decoding"/>), run the
/// program for <see cref="Repetitions"/> repetitions (fewer once <see cref="Budget"/> is spent; a repetition that takes
/// longer than <see cref="Hang"/> is a hang), and feed <see cref="Feedback"/> into AFL++'s map; each input counts in <see cref="CounterFile"/> when given.
/// </summary>
public sealed record AflTargetOptions(
    string HarnessDirectory, string Library, AflDecoding Decoding, int Repetitions, FeedbackSignals Feedback, TimeSpan Hang, TimeSpan Budget,
    string? CounterFile = null, double Noise = StressOptions.DefaultNoise);
