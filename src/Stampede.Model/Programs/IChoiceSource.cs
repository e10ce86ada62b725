namespace Stampede.Model.Programs;

/// <summary>
/// Where generation and mutation take every decision from. A random source makes new programs; a byte source
/// makes decoding bytes into a program the same code as generating one, so every byte string decodes to a valid
/// program. Choices are made so that 0 (what an exhausted byte source answers) is the plain, common option.
/// </summary>
public interface IChoiceSource
{
    /// <summary>A number from 0 to <paramref name="count"/> - 1; <paramref name="count"/> is at least 1.</summary>
    int Choose(int count);

    /// <summary>64 arbitrary bits, for values drawn from a whole integer type.</summary>
    long Bits64();
}
