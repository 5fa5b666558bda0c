using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using StrideGen.Benchmarks.Contenders;
using StrideGen.Benchmarks.Layers;
using StrideGen.Benchmarks.Verification;
using StrideGen.OnnxPeer;

namespace StrideGen.Benchmarks;

/// <summary>
/// The pooling layers, three contenders each in one run: the StrideGen kernel, ONNX Runtime's MaxPool/AveragePool (the
/// baseline of every ratio: one intra-op thread, input and output bound once) and plain C# loops. Each case first checks
/// that the kernel and ONNX Runtime agree, so a wrong kernel is never timed. An NHWC layer's kernel gets the input in
/// NHWC, ONNX Runtime the same values in NCHW (its float pooling has no NHWC form).
/// </summary>
[MemoryDiagnoser]
public class PoolLayerBenchmarks
{
    private const int InputSeed = 3;

    private PoolLayer _layer = null!;
    private PoolKernel _kernel = null!;
    private float[] _input = [];
    private float[] _output = [];
    private OnnxPoolSession? _onnxRuntime;

    public static IEnumerable<PoolLayer> Layers => PoolLayerCatalog.All;

    [ParamsSource(nameof(Layers))]
    public PoolLayer Layer
    {
        get => _layer;
        set => _layer = value;
    }

    [GlobalSetup(Targets = [nameof(StrideGenKernel), nameof(OnnxRuntime)])]
    public void SetUp() => PrepareAndVerifyKernel();

    [GlobalSetup(Target = nameof(PlainLoops))]
    public void SetUpWithPlainLoops()
    {
        float[] expected = PrepareAndVerifyKernel();
        var loopOutput = new float[_layer.OutputLength];
        PlainLoopPooling.Run(_layer, _input, loopOutput);
        OutputAgreement.Require($"{_layer.Name}: plain C# loops vs ONNX Runtime", loopOutput, expected, Magnitudes());
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _onnxRuntime?.Dispose();
        _onnxRuntime = null;
    }

    [Benchmark(Description = "StrideGen")]
    public void StrideGenKernel() => _kernel(_input, _output);

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public void OnnxRuntime() => _onnxRuntime!.Run();

    [Benchmark(Description = "CSharpLoops")]
    public void PlainLoops() => PlainLoopPooling.Run(_layer, _input, _output);

    /// <summary>
    /// Builds the data and the ONNX Runtime session, runs both once and compares; returns ONNX Runtime's output in the
    /// kernel's layout.
    /// </summary>
    private float[] PrepareAndVerifyKernel()
    {
        var op = _layer.Shape;
        _kernel = _layer.Kernel;
        float[] nchwInput = TestTensors.Uniform(_layer.InputLength, InputSeed);
        _input = _layer.IsNhwc ? Layouts.ToNhwc(nchwInput, op.Channels, op.InputHeight, op.InputWidth) : nchwInput;
        _output = new float[_layer.OutputLength];
        _onnxRuntime = new OnnxPoolSession(op, nchwInput, intraOpThreads: 1);

        _onnxRuntime.Run();
        float[] expected = _onnxRuntime.Output.ToArray();
        if (_layer.IsNhwc)
        {
            expected = Layouts.ToNhwc(expected, op.Channels, _layer.OutputHeight, _layer.OutputWidth);
        }

        _kernel(_input, _output);
        OutputAgreement.Require($"{_layer.Name}: StrideGen vs ONNX Runtime", _output, expected, Magnitudes());
        Array.Clear(_output);
        return expected;
    }

    /// <summary>Each output's magnitude for the tolerance: the same pooling over |x| (the largest |x|, or the mean |x|).</summary>
    private float[] Magnitudes()
    {
        var magnitudes = new float[_layer.OutputLength];
        PlainLoopPooling.Run(_layer, TestTensors.Absolute(_input), magnitudes);
        return magnitudes;
    }
}
