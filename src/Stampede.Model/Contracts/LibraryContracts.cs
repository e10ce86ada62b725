using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stampede.Model.Contracts;

/// <summary>
/// Every function's contract for one library: the file <c>classify</c> writes (<c>contracts.json</c>), in the vocabulary
/// of the samples' ground truth (<c>native/samples/contracts.json</c>), so a result compares with a manifest in a few
/// lines of any language. Functions are kept in name order, so two results of one library diff line by line.
/// </summary>
public sealed record LibraryContracts(int SchemaVersion, string Library, IReadOnlyDictionary<string, FunctionContract> Functions)
{
    public const int CurrentSchemaVersion = 1;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this with { Functions = new SortedDictionary<string, FunctionContract>(Functions.ToDictionary(), StringComparer.Ordinal) }, Json);

    /// <summary>Reads a contracts file.</summary>
    /// <exception cref="InvalidDataException">It is not one: the message says what and where.</exception>
    public static LibraryContracts Read(string path)
    {
        LibraryContracts? read;
        try { read = JsonSerializer.Deserialize<LibraryContracts>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a contracts file ({e.Message})"); }
        if (read is null || read.Functions is null || read.Library is null) throw new InvalidDataException($"{path}: not a contracts file (no library or functions)");
        if (read.SchemaVersion != CurrentSchemaVersion)
            throw new InvalidDataException($"{path}: contracts schema version {read.SchemaVersion}, this Stampede reads {CurrentSchemaVersion}");
        foreach (var (name, contract) in read.Functions)
            if (contract is null || !Enum.IsDefined(contract.Contract))
                throw new InvalidDataException($"{path}: function {name} has no contract");
        return read;
    }
}
