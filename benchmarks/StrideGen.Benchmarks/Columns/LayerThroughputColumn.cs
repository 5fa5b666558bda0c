using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks.Columns;

/// <summary>
/// A summary column computed from a case's measured mean and its layer's work: GFLOP/s = 2·MACs / mean. Shown next to
/// the time statistics, "NA" for a case that has no result.
/// </summary>
public abstract class LayerThroughputColumn : IColumn
{
    public abstract string Id { get; }

    public abstract string ColumnName { get; }

    public abstract string Legend { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public abstract int PriorityInCategory { get; }

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    /// <summary>Convolution tables only: pooling does no multiply-accumulates (it has a GB/s column instead).</summary>
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Parameters[nameof(ConvLayerBenchmarks.Layer)] is ConvLayer);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (MeasuredGflops(summary, benchmarkCase) is not double gflops || Present(gflops) is not double value)
        {
            return "NA";
        }

        // Three significant figures or one decimal, whichever shows more: 0.172, 5.43, 84.6, 203.1.
        string format = value < 1 ? "0.000" : value < 10 ? "0.00" : "0.0";
        return value.ToString(format, style.CultureInfo ?? CultureInfo.InvariantCulture);
    }

    /// <summary>The figure this column shows for a case running at <paramref name="gflops"/>, or null for "NA".</summary>
    protected abstract double? Present(double gflops);

    public override string ToString() => ColumnName;

    private static double? MeasuredGflops(Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics || statistics.Mean <= 0
            || benchmarkCase.Parameters[nameof(ConvLayerBenchmarks.Layer)] is not ConvLayer layer)
        {
            return null;
        }

        return layer.FloatingPointOperations / statistics.Mean; // FLOP per nanosecond = GFLOP/s
    }
}
