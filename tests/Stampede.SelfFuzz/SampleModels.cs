using Stampede.Model.Api;

namespace Stampede.SelfFuzz;

/// <summary>The API models of the sample harnesses, copied beside the target by the build (models/&lt;library&gt;/api.json).</summary>
public sealed class SampleModels
{
    /// <summary>The model programs of an unknown library are checked against: the one with the most parameter roles.</summary>
    private const string DefaultHarness = "textkit";

    public IReadOnlyList<ApiModel> All { get; }
    public ApiModel Default { get; }

    public SampleModels(string directory)
    {
        var files = Directory.GetDirectories(directory).Order(StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "api.json")).Where(File.Exists).ToList();
        if (files.Count == 0) throw new InvalidOperationException($"no api.json under {directory}");
        All = files.Select(ApiModelJson.Read).ToList();
        Default = ApiModelJson.Read(Path.Combine(directory, DefaultHarness, "api.json"));
    }

    public static SampleModels Bundled { get; } = new(Path.Combine(AppContext.BaseDirectory, "models"));

    /// <summary>The model of <paramref name="library"/>, or the default one (whose validation then rejects the
    /// program for naming another library).</summary>
    public ApiModel For(string library) => All.FirstOrDefault(m => m.Library == library) ?? Default;
}
