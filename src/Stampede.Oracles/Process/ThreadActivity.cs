namespace Stampede.Oracles.Process;

/// <summary>What a program thread was doing, as the call board last showed it.</summary>
public enum ThreadActivity
{
    /// <summary>Not inside a call of the library: before its first call, or between two.</summary>
    BetweenCalls,

    /// <summary>Inside a call of the library.</summary>
    InCall,

    /// <summary>Past its last call.</summary>
    Done,
}

/// <summary>The one text form of <see cref="ThreadActivity"/>, as summaries and reports show it.</summary>
public static class ThreadActivityText
{
    public static string Text(this ThreadActivity activity) => activity switch
    {
        ThreadActivity.BetweenCalls => "between calls",
        ThreadActivity.InCall => "in call",
        ThreadActivity.Done => "done",
        _ => throw new ArgumentOutOfRangeException(nameof(activity), activity, null),
    };
}
