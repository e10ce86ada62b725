using ScottPlot;

namespace Stampede.Benchmarks.Engine;

/// <summary>The locks part's scaling curve: one panel per library, calls per second against threads, a line each for
/// raw, contract and global. Threads go on a log-2 axis (1, 2, 4, 8 evenly spaced); each panel's y axis starts at 0,
/// so the gap between the lines reads as the share the locks cost.</summary>
public static class LockCostPlot
{
    public static void Save(IReadOnlyList<LockCostRow> rows, string path)
    {
        var libraries = rows.Select(r => r.Library).Distinct().ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(libraries.Length);
        int columns = Math.Min(2, libraries.Length);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid((libraries.Length + columns - 1) / columns, columns);
        double[] ticks = LockCost.ThreadCounts.Select(t => Math.Log2(t)).ToArray();
        string[] labels = LockCost.ThreadCounts.Select(t => t.ToString()).ToArray();
        for (int i = 0; i < libraries.Length; i++)
        {
            var plot = multiplot.GetPlot(i);
            var mine = rows.Where(r => r.Library == libraries[i]).OrderBy(r => r.Threads).ToArray();
            double[] xs = mine.Select(r => Math.Log2(r.Threads)).ToArray();
            double top = 0;
            foreach (var (name, value) in new (string, Func<LockCostRow, double>)[]
                     { ("raw", r => r.Raw), ("contract", r => r.Contract), ("global", r => r.Global) })
            {
                double[] ys = mine.Select(r => value(r) / 1e6).ToArray();
                top = Math.Max(top, ys.Max());
                var line = plot.Add.Scatter(xs, ys);
                line.LegendText = name;
                line.LineWidth = 2;
                line.MarkerSize = 7;
            }
            plot.Title(libraries[i]);
            plot.XLabel("threads (2 cores: 4 and 8 oversubscribe)");
            plot.YLabel("million calls/s");
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, labels);
            plot.Axes.SetLimits(-0.2, ticks[^1] + 0.2, 0, top * 1.15);
            plot.ShowLegend(Edge.Right); // beside the panel: inside it would cover the 8-thread points
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        multiplot.SavePng(path, 1400, 900);
    }
}
