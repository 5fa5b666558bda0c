using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using StrideGen.Benchmarks.Layers;
using StrideGen.Benchmarks.Verification;

namespace StrideGen.Benchmarks;

/// <summary>
/// Layers whose weights a caller may pack once (<c>PackedWeights = true</c>): the regular StrideGen kernel, the kernel on
/// packed weights (packed at set-up, as a caller does once), and ONNX Runtime (the baseline, which packs its weights when
/// the session is created). Full mode only (<c>--filter '*PackedWeight*'</c>). Both StrideGen kernels are checked against
/// ONNX Runtime before anything is timed.
/// </summary>
[MemoryDiagnoser]
public class PackedWeightBenchmarks
{
    private const int InputSeed = 1;
    private const int WeightSeed = 2;

    private ConvLayer _layer = null!;
    private VerifiedConvCase _case = null!;
    private float[] _packedWeights = null!;

    public static IEnumerable<ConvLayer> Layers => PackedWeightLayerCatalog.All;

    [ParamsSource(nameof(Layers))]
    public ConvLayer Layer
    {
        get => _layer;
        set => _layer = value;
    }

    [GlobalSetup]
    public void SetUp()
    {
        _case = VerifiedConvCase.Create(_layer, InputSeed, WeightSeed);
        var packed = _layer.Packed!;
        _packedWeights = new float[_layer.WeightLength];
        packed.Pack(_case.Weights, _packedWeights);
        packed.Kernel(_case.Input, _packedWeights, _case.Output);
        _case.Require("StrideGen on packed weights", _case.Output);
    }

    [GlobalCleanup]
    public void CleanUp() => _case?.Dispose();

    [Benchmark(Description = "StrideGen")]
    public void StrideGenKernel() => _layer.Kernel(_case.Input, _case.Weights, _case.Output);

    [Benchmark(Description = "StrideGenPacked")]
    public void StrideGenPackedKernel() => _layer.Packed!.Kernel(_case.Input, _packedWeights, _case.Output);

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public void OnnxRuntime() => _case.OnnxRuntime.Run();
}
