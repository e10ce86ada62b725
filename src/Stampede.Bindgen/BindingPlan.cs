using Stampede.Bindgen.Declarations;
using Stampede.Bindgen.Generation;
using Stampede.Model.Api;

namespace Stampede.Bindgen;

/// <summary>The API model with what the C# emitter needs besides it: the bound declarations
/// (<see cref="Functions"/>[i] is <see cref="ApiModel.Functions"/>[i]), the type decisions, and the selected functions
/// left out because the library does not export them (<see cref="Unexported"/>, also in the model's skipped list).</summary>
public sealed record BindingPlan(
    ApiModel Model, IReadOnlyList<FunctionDecl> Functions, TypeMap Types, HeaderDeclarations Declarations, IReadOnlyList<string> Unexported);
