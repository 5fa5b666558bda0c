using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks.Columns;

/// <summary>
/// The two-thread kernel's speed-up over the one-thread kernel of the same layer, from the same run: the one-thread
/// StrideGen mean divided by this case's mean ("1.86×"), on the two-thread row; empty on every other row.
/// </summary>
public sealed class SpeedUpOverOneThreadColumn : IColumn
{
    public string Id => "StrideGen.SpeedUpOverOneThread";

    public string ColumnName => "vs 1 thread";

    public string Legend => "StrideGen2Threads only: the one-thread StrideGen kernel's mean / this mean (the same layer, the same run)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 102;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(ConvLayerBenchmarks.StrideGenTwoThreads))
        {
            return "";
        }

        var layer = benchmarkCase.Parameters[nameof(ConvLayerBenchmarks.Layer)] as ConvLayer;
        var oneThread = summary.BenchmarksCases.FirstOrDefault(other =>
            other.Descriptor.WorkloadMethod.Name == nameof(ConvLayerBenchmarks.StrideGenKernel)
            && (other.Parameters[nameof(ConvLayerBenchmarks.Layer)] as ConvLayer)?.Name == layer?.Name
            && other.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo);
        double? twoThreadMean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        double? oneThreadMean = oneThread is null ? null : summary[oneThread]?.ResultStatistics?.Mean;
        if (twoThreadMean is not > 0 || oneThreadMean is not > 0)
        {
            return "NA";
        }

        return (oneThreadMean.Value / twoThreadMean.Value).ToString("0.00", style.CultureInfo ?? CultureInfo.InvariantCulture) + "×";
    }

    public override string ToString() => ColumnName;
}
