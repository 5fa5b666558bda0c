using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks.Columns;

/// <summary>
/// Pooling does next to no arithmetic, so its figure of merit is memory traffic: GB/s = (input + output bytes) / mean,
/// the least a call must move. Shown for pooling tables only.
/// </summary>
public sealed class BandwidthColumn : IColumn
{
    public string Id => "StrideGen.Bandwidth";

    public string ColumnName => "GB/s";

    public string Legend => "Input read once plus output written once, in bytes, divided by Mean: the least memory traffic a call needs";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 100;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Parameters[nameof(PoolLayerBenchmarks.Layer)] is PoolLayer);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } statistics || statistics.Mean <= 0
            || benchmarkCase.Parameters[nameof(PoolLayerBenchmarks.Layer)] is not PoolLayer layer)
        {
            return "NA";
        }

        double value = layer.BytesMoved / statistics.Mean; // bytes per nanosecond = GB/s
        string format = value < 1 ? "0.000" : value < 10 ? "0.00" : "0.0";
        return value.ToString(format, style.CultureInfo ?? CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
