using System.Text;
using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.SelfFuzz;

/// <summary>The text form's promise (docs/programs.md): <c>Parse(Print(p)) == p</c>, and a printed text prints back
/// unchanged. Checked through UTF-8 bytes, because programs live in files (corpus, findings) and are replayed
/// from them.</summary>
public static class RoundTrip
{
    public static void Check(ConcurrentProgram program, ApiModel? model = null)
    {
        var text = ProgramText.Print(program);
        var file = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
        ConcurrentProgram reread;
        try { reread = model is null ? ProgramText.Parse(file) : ProgramText.Parse(file, model); }
        catch (ProgramTextException e) { throw new ContractViolation($"a printed program does not read back: {e.Message}\n{text}"); }
        if (reread != program)
            throw new ContractViolation($"a printed program reads back as another program:\n{text}\nprints back as\n{ProgramText.Print(reread)}");
        if (ProgramText.Print(reread) != text)
            throw new ContractViolation($"a printed program prints back as another text:\n{text}\nthen\n{ProgramText.Print(reread)}");
    }
}
