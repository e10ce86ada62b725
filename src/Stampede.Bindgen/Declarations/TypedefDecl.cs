namespace Stampede.Bindgen.Declarations;

public sealed record TypedefDecl(string Name, CType Underlying, bool InScope, SourcePlace Place);
