namespace StrideGen.Benchmarks.Columns;

/// <summary>Achieved GFLOP/s: 2·MACs of the layer divided by the mean time of one call.</summary>
public sealed class GflopsColumn : LayerThroughputColumn
{
    public override string Id => "StrideGen.Gflops";

    public override string ColumnName => "GFLOP/s";

    public override string Legend => "Achieved billions of floating-point operations per second: 2 × multiply-accumulates / Mean";

    public override int PriorityInCategory => 100;

    protected override double? Present(double gflops) => gflops;
}
