using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using StrideGen.Benchmarks.Layers;
using StrideGen.Benchmarks.Verification;

namespace StrideGen.Benchmarks;

/// <summary>
/// The StrideGen kernel against ONNX Runtime (the baseline: one intra-op thread, weights as initializers, input and output
/// bound once) on each layer of a catalog. Each case first checks that the two agree.
/// </summary>
[MemoryDiagnoser]
public abstract class PeerLayerBenchmarks
{
    private const int InputSeed = 1;
    private const int WeightSeed = 2;

    private ConvLayer _layer = null!;
    private VerifiedConvCase _case = null!;

    /// <summary>The layers this suite times.</summary>
    protected abstract IReadOnlyList<ConvLayer> Catalog { get; }

    public IEnumerable<ConvLayer> Layers => Catalog;

    [ParamsSource(nameof(Layers))]
    public ConvLayer Layer
    {
        get => _layer;
        set => _layer = value;
    }

    /// <summary>The case of the layer being timed: its tensors, checked against ONNX Runtime at set-up.</summary>
    protected VerifiedConvCase Case => _case;

    [GlobalSetup]
    public void SetUp()
    {
        _case = VerifiedConvCase.Create(_layer, InputSeed, WeightSeed);
        AfterSetUp();
    }

    /// <summary>What a suite prepares beyond the verified case (packed weights, say), once per layer before timing.</summary>
    protected virtual void AfterSetUp()
    {
    }

    [GlobalCleanup]
    public void CleanUp() => _case?.Dispose();

    [Benchmark(Description = "StrideGen")]
    public void StrideGenKernel() => _layer.Kernel(_case.Input, _case.Weights, _case.Output);

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public void OnnxRuntime() => _case.OnnxRuntime.Run();
}
