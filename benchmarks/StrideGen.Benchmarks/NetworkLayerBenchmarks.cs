using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using StrideGen.Benchmarks.Contenders;
using StrideGen.Benchmarks.Layers;
using StrideGen.Benchmarks.Verification;
using StrideGen.OnnxPeer;

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
    private float[] _input = [];
    private float[] _weights = [];
    private float[] _output = [];
    private OnnxConvSession? _onnxRuntime;

    public static IEnumerable<ConvLayer> Layers => NetworkLayerCatalog.All;

    [ParamsSource(nameof(Layers))]
    public ConvLayer Layer
    {
        get => _layer;
        set => _layer = value;
    }

    [GlobalSetup]
    public void SetUp()
    {
        _input = TestTensors.Uniform(_layer.InputLength, InputSeed);
        _weights = TestTensors.Uniform(_layer.WeightLength, WeightSeed);
        _output = new float[_layer.OutputLength];
        _onnxRuntime = new OnnxConvSession(_layer.Shape, _input, _weights, bias: null, intraOpThreads: 1);
        _onnxRuntime.Run();
        _layer.Kernel(_input, _weights, _output);
        var sums = new float[_layer.OutputLength];
        PlainLoopConvolution.Run(_layer, TestTensors.Absolute(_input), TestTensors.Absolute(_weights), sums);
        OutputAgreement.Require($"{_layer.Name}: StrideGen vs ONNX Runtime", _output, _onnxRuntime.Output.ToArray(), sums);
        Array.Clear(_output);
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _onnxRuntime?.Dispose();
        _onnxRuntime = null;
    }

    [Benchmark(Description = "StrideGen")]
    public void StrideGenKernel() => _layer.Kernel(_input, _weights, _output);

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public void OnnxRuntime() => _onnxRuntime!.Run();
}
