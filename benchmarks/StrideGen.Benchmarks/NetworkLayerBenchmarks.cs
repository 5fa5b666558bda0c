using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using StrideGen.Benchmarks.Layers;
using StrideGen.Benchmarks.Verification;

namespace StrideGen.Benchmarks;

/// <summary>
/// The StrideGen kernel against ONNX Runtime (the baseline: one intra-op thread, weights as initializers, input and output
/// bound once) on later-stage network layers. Full mode only (<c>--filter '*NetworkLayer*'</c>): short mode keeps to
/// issue 5's list so it stays under three minutes. Each case first checks that the two agree.
/// </summary>
[MemoryDiagnoser]
public class NetworkLayerBenchmarks
{
    private const int InputSeed = 1;
    private const int WeightSeed = 2;

    private ConvLayer _layer = null!;
    private VerifiedConvCase _case = null!;

    public static IEnumerable<ConvLayer> Layers => NetworkLayerCatalog.All;

    [ParamsSource(nameof(Layers))]
    public ConvLayer Layer
    {
        get => _layer;
        set => _layer = value;
    }

    [GlobalSetup]
    public void SetUp() => _case = VerifiedConvCase.Create(_layer, InputSeed, WeightSeed);

    [GlobalCleanup]
    public void CleanUp() => _case?.Dispose();

    [Benchmark(Description = "StrideGen")]
    public void StrideGenKernel() => _layer.Kernel(_case.Input, _case.Weights, _case.Output);

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public void OnnxRuntime() => _case.OnnxRuntime.Run();
}
