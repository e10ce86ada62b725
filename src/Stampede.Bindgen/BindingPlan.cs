using Stampede.Bindgen.Declarations;
using Stampede.Bindgen.Generation;
using Stampede.Model.Api;

namespace Stampede.Bindgen;

/// <summary>The API model with what the C# emitter needs besides it: the bound declarations
/// (<see cref="Functions"/>[i] is <see cref="ApiModel.Functions"/>[i]) and the type decisions.</summary>
public sealed record BindingPlan(ApiModel Model, IReadOnlyList<FunctionDecl> Functions, TypeMap Types, HeaderDeclarations Declarations);
