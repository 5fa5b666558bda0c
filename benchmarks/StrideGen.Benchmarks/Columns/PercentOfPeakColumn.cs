using System.Globalization;
using StrideGen.Benchmarks.Machine;

namespace StrideGen.Benchmarks.Columns;

/// <summary>
/// Achieved GFLOP/s as a percentage of the machine's widest measured FMA peak ("% V512 peak", or "% V256 peak" where
/// Vector512 is not accelerated), so a number means the same on any machine the suite runs on.
/// </summary>
public sealed class PercentOfPeakColumn : LayerThroughputColumn
{
    private readonly FmaPeak _peak;

    public PercentOfPeakColumn(FmaPeak peak)
    {
        _peak = peak;
    }

    public override string Id => "StrideGen.PercentOfPeak";

    public override string ColumnName => $"% {_peak.Width} peak";

    public override string Legend => _peak.Gflops is double gflops
        ? string.Create(CultureInfo.InvariantCulture,
            $"GFLOP/s as a percentage of the single-thread {_peak.Width} FMA peak measured at start-up ({gflops:0.0} GFLOP/s)")
        : "No FMA peak could be measured on this machine";

    public override int PriorityInCategory => 101;

    protected override double? Present(double gflops) => _peak.Gflops is double peak ? 100 * gflops / peak : null;
}
