namespace Stampede.Model.Api;

/// <summary>
/// What a native library offers, as inferred from its headers and merged with its config: the input of program
/// generation. Serialized as <c>api.json</c> by <see cref="ApiModelJson"/>.
/// </summary>
public sealed record ApiModel(
    int SchemaVersion,
    string Library,
    IReadOnlyList<string> Headers,
    IReadOnlyList<ApiFunction> Functions,
    IReadOnlyList<ApiResource> Resources,
    IReadOnlyList<ApiStruct> Structs,
    IReadOnlyList<ApiEnum> Enums,
    IReadOnlyList<ApiConstant> Constants,
    IReadOnlyList<ApiCallbackType> Callbacks,
    IReadOnlyList<SkippedDeclaration> Skipped)
{
    /// <summary>Bumped on any change a reader of api.json must know about.</summary>
    public const int CurrentSchemaVersion = 1;

    public ApiFunction? Function(string name) => Functions.FirstOrDefault(f => f.Name == name);
    public ApiResource? Resource(string name) => Resources.FirstOrDefault(r => r.Name == name);
}
