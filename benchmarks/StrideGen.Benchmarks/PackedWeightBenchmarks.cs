using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks;

/// <summary>
/// Layers whose weights a caller may pack once (<c>PackedWeights = true</c>): the regular StrideGen kernel, the kernel on
/// packed weights (packed at set-up, as a caller does once), and ONNX Runtime (the baseline, which packs its weights when
/// the session is created). Full mode only (<c>--filter '*PackedWeight*'</c>). Both StrideGen kernels are checked against
/// ONNX Runtime before anything is timed.
/// </summary>
public class PackedWeightBenchmarks : PeerLayerBenchmarks
{
    private float[] _packedWeights = null!;

    protected override IReadOnlyList<ConvLayer> Catalog => PackedWeightLayerCatalog.All;

    protected override void AfterSetUp()
    {
        var packed = Layer.Packed!;
        _packedWeights = new float[Layer.WeightLength];
        packed.Pack(Case.Weights, _packedWeights);
        packed.Kernel(Case.Input, _packedWeights, Case.Output);
        Case.Require("StrideGen on packed weights", Case.Output);
    }

    [Benchmark(Description = "StrideGenPacked")]
    public void StrideGenPackedKernel() => Layer.Packed!.Kernel(Case.Input, _packedWeights, Case.Output);
}
