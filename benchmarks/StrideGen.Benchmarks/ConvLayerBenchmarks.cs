using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using StrideGen.Benchmarks.Contenders;
using StrideGen.Benchmarks.Layers;
using StrideGen.Benchmarks.Verification;
using StrideGen.OnnxPeer;

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
    private float[] _input = [];
    private float[] _weights = [];
    private float[] _output = [];
    private OnnxConvSession? _onnxRuntime;

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
        float[] expected = PrepareAndVerifyKernel();
        var oneThread = new float[_layer.OutputLength];
        _kernel(_input, _weights, oneThread);
        _twoThreads = _layer.TwoThreadKernel ?? throw new InvalidOperationException($"{_layer.Name} has no two-thread declaration.");
        _twoThreads(_input, _weights, _output);
        OutputAgreement.Require($"{_layer.Name}: StrideGen on two threads vs ONNX Runtime", _output, expected, AbsoluteProductSums());
        if (!_output.AsSpan().SequenceEqual(oneThread))
        {
            throw new InvalidOperationException($"{_layer.Name}: the two-thread kernel's output differs from the one-thread kernel's.");
        }

        Array.Clear(_output);
    }

    [GlobalSetup(Target = nameof(PlainLoops))]
    public void SetUpWithPlainLoops()
    {
        float[] expected = PrepareAndVerifyKernel();
        var loopOutput = new float[_layer.OutputLength];
        PlainLoopConvolution.Run(_layer, _input, _weights, loopOutput);
        OutputAgreement.Require($"{_layer.Name}: plain C# loops vs ONNX Runtime", loopOutput, expected, AbsoluteProductSums());
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _onnxRuntime?.Dispose();
        _onnxRuntime = null;
    }

    [Benchmark(Description = "StrideGen")]
    public void StrideGenKernel() => _kernel(_input, _weights, _output);

    /// <summary>The layer declared with <c>Threads = 2</c> (large layers only: SuiteConfig filters the others out).</summary>
    [Benchmark(Description = "StrideGen2Threads")]
    public void StrideGenTwoThreads() => _twoThreads(_input, _weights, _output);

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public void OnnxRuntime() => _onnxRuntime!.Run();

    [Benchmark(Description = "CSharpLoops")]
    public void PlainLoops() => PlainLoopConvolution.Run(_layer, _input, _weights, _output);

    /// <summary>Builds the data and the ONNX Runtime session, runs both once and compares; returns ONNX Runtime's output.</summary>
    private float[] PrepareAndVerifyKernel()
    {
        _kernel = _layer.Kernel;
        _input = TestTensors.Uniform(_layer.InputLength, InputSeed);
        _weights = TestTensors.Uniform(_layer.WeightLength, WeightSeed);
        _output = new float[_layer.OutputLength];
        _onnxRuntime = new OnnxConvSession(_layer.Shape, _input, _weights, bias: null, intraOpThreads: 1);

        _onnxRuntime.Run();
        float[] expected = _onnxRuntime.Output.ToArray();
        _kernel(_input, _weights, _output);
        OutputAgreement.Require($"{_layer.Name}: StrideGen vs ONNX Runtime", _output, expected, AbsoluteProductSums());
        Array.Clear(_output);
        return expected;
    }

    /// <summary>Σ|x·w| for each output: the plain loops run on absolute values.</summary>
    private float[] AbsoluteProductSums()
    {
        var sums = new float[_layer.OutputLength];
        PlainLoopConvolution.Run(_layer, TestTensors.Absolute(_input), TestTensors.Absolute(_weights), sums);
        return sums;
    }
}
