using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using StrideGen.Benchmarks.Contenders;
using StrideGen.Benchmarks.Layers;
using StrideGen.Benchmarks.Verification;

namespace StrideGen.Benchmarks;

/// <summary>
/// Three contenders per layer, side by side in one run: the StrideGen kernel, ONNX Runtime (the baseline of every
/// ratio: one intra-op thread, weights as initializers, input and output bound once) and plain C# loops; on the large
/// layers a fourth, the same StrideGen layer declared with <c>Threads = 2</c>, whose speed-up over the one-thread kernel
/// the "vs 1 thread" column shows. Each case first checks that the kernel and ONNX Runtime agree (and the two-thread
/// kernel and the one-thread one, bit for bit), so a wrong kernel is never timed.
/// </summary>
[MemoryDiagnoser]
public class ConvLayerBenchmarks
{
    private const int InputSeed = 1;
    private const int WeightSeed = 2;

    private ConvLayer _layer = null!;
    private ConvKernel _kernel = null!;
    private ConvKernel _twoThreads = null!;
    private VerifiedConvCase _case = null!;

    public static IEnumerable<ConvLayer> Layers => LayerCatalog.All;

    [ParamsSource(nameof(Layers))]
    public ConvLayer Layer
    {
        get => _layer;
        set => _layer = value;
    }

    [GlobalSetup(Targets = [nameof(StrideGenKernel), nameof(OnnxRuntime)])]
    public void SetUp() => PrepareAndVerifyKernel();

    [GlobalSetup(Target = nameof(StrideGenTwoThreads))]
    public void SetUpTwoThreads()
    {
        PrepareAndVerifyKernel();
        var oneThread = new float[_layer.OutputLength];
        _kernel(_case.Input, _case.Weights, oneThread);
        _twoThreads = _layer.TwoThreadKernel ?? throw new InvalidOperationException($"{_layer.Name} has no two-thread declaration.");
        _twoThreads(_case.Input, _case.Weights, _case.Output);
        _case.Require("StrideGen on two threads", _case.Output);
        if (!_case.Output.AsSpan().SequenceEqual(oneThread))
        {
            throw new InvalidOperationException($"{_layer.Name}: the two-thread kernel's output differs from the one-thread kernel's.");
        }

        Array.Clear(_case.Output);
    }

    [GlobalSetup(Target = nameof(PlainLoops))]
    public void SetUpWithPlainLoops()
    {
        PrepareAndVerifyKernel();
        var loopOutput = new float[_layer.OutputLength];
        PlainLoopConvolution.Run(_layer, _case.Input, _case.Weights, loopOutput);
        _case.Require("plain C# loops", loopOutput);
    }

    [GlobalCleanup]
    public void CleanUp() => _case?.Dispose();

    [Benchmark(Description = "StrideGen")]
    public void StrideGenKernel() => _kernel(_case.Input, _case.Weights, _case.Output);

    /// <summary>The layer declared with <c>Threads = 2</c> (large layers only: SuiteConfig filters the others out).</summary>
    [Benchmark(Description = "StrideGen2Threads")]
    public void StrideGenTwoThreads() => _twoThreads(_case.Input, _case.Weights, _case.Output);

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public void OnnxRuntime() => _case.OnnxRuntime.Run();

    [Benchmark(Description = "CSharpLoops")]
    public void PlainLoops() => PlainLoopConvolution.Run(_layer, _case.Input, _case.Weights, _case.Output);

    /// <summary>Builds the data and the ONNX Runtime session, runs both once and compares (see <see cref="VerifiedConvCase"/>).</summary>
    private void PrepareAndVerifyKernel()
    {
        _kernel = _layer.Kernel;
        _case = VerifiedConvCase.Create(_layer, InputSeed, WeightSeed);
    }
}
