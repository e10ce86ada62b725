using System.Security.Cryptography;
using System.Text;

namespace Stampede.Model.Programs;

/// <summary>
/// A program's identity: SHA-256 of its canonical text, as 16 hex digits. Equal programs hash equal, so a
/// minimizer or a corpus can skip candidates it has tried or kept.
/// </summary>
public static class ProgramHash
{
    public static string Of(ConcurrentProgram program) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ProgramText.Print(program))))[..16];
}
