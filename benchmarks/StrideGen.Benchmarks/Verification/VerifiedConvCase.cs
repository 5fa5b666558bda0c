using System;
using StrideGen.Benchmarks.Contenders;
using StrideGen.Benchmarks.Layers;
using StrideGen.OnnxPeer;

namespace StrideGen.Benchmarks.Verification;

/// <summary>
/// One convolution benchmark case's data: seeded input and weights, an output buffer, and the ONNX Runtime session (one
/// intra-op thread, weights as initializers, input and output bound once), checked to agree with the StrideGen kernel
/// before anything is timed.
/// </summary>
public sealed class VerifiedConvCase : IDisposable
{
    private VerifiedConvCase(ConvLayer layer, float[] input, float[] weights, OnnxConvSession onnxRuntime)
    {
        Layer = layer;
        Input = input;
        Weights = weights;
        Output = new float[layer.OutputLength];
        OnnxRuntime = onnxRuntime;
    }

    public ConvLayer Layer { get; }

    /// <summary>The kernel's input: NCHW, or channels last for an NHWC layer.</summary>
    public float[] Input { get; }

    /// <summary>The kernel's weights: OIHW, or HWIO for an NHWC layer.</summary>
    public float[] Weights { get; }

    /// <summary>The kernels' output buffer, cleared after the check.</summary>
    public float[] Output { get; }

    public OnnxConvSession OnnxRuntime { get; }

    /// <summary>Σ|x·w| for each output, in the kernel's layout: the scale of each output's rounding.</summary>
    private float[] _magnitudes = [];

    /// <summary>ONNX Runtime's output for the case: what every other contender must agree with.</summary>
    public float[] Expected { get; private set; } = [];

    /// <summary>
    /// Builds the case and runs the StrideGen kernel and ONNX Runtime once each; throws if they disagree. An NHWC layer's
    /// kernel gets the tensors channels last (input H×W×C, weights HWIO) and its output is checked against ONNX Runtime's
    /// channels last; ONNX Runtime keeps the NCHW ones.
    /// </summary>
    public static VerifiedConvCase Create(ConvLayer layer, int inputSeed, int weightSeed)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var shape = layer.Shape;
        float[] input = TestTensors.Uniform(layer.InputLength, inputSeed);
        float[] weights = TestTensors.Uniform(layer.WeightLength, weightSeed);
        var session = new OnnxConvSession(shape, input, weights, bias: null, intraOpThreads: 1);
        var verified = layer.IsNhwc
            ? new VerifiedConvCase(layer, Layouts.ToNhwc(input, shape.InChannels, shape.InputHeight, shape.InputWidth),
                Layouts.ToHwio(weights, shape.OutChannels, shape.InChannels / shape.Groups, shape.KernelHeight, shape.KernelWidth), session)
            : new VerifiedConvCase(layer, input, weights, session);
        verified.OnnxRuntime.Run();
        verified.Expected = verified.ChannelsLastIfNhwc(verified.OnnxRuntime.Output.ToArray());
        layer.Kernel(verified.Input, verified.Weights, verified.Output);
        verified._magnitudes = verified.ChannelsLastIfNhwc(AbsoluteProductSums(layer, input, weights));
        verified.Require("StrideGen", verified.Output);
        Array.Clear(verified.Output);
        return verified;
    }

    /// <summary>Throws unless <paramref name="output"/> (in the kernel's layout) agrees with ONNX Runtime's, within <see cref="OutputAgreement"/>'s tolerance.</summary>
    public void Require(string contender, float[] output) =>
        OutputAgreement.Require($"{Layer.Name}: {contender} vs ONNX Runtime", output, Expected, _magnitudes);

    /// <summary>An NCHW output as the layer's kernel writes it: channels last for an NHWC layer.</summary>
    private float[] ChannelsLastIfNhwc(float[] nchw) =>
        Layer.IsNhwc ? Layouts.ToNhwc(nchw, Layer.Shape.OutChannels, Layer.OutputHeight, Layer.OutputWidth) : nchw;

    /// <summary>Σ|x·w| for each output (NCHW): the plain loops run on absolute values of the NCHW tensors.</summary>
    private static float[] AbsoluteProductSums(ConvLayer layer, float[] input, float[] weights)
    {
        var sums = new float[layer.OutputLength];
        PlainLoopConvolution.Run(layer, TestTensors.Absolute(input), TestTensors.Absolute(weights), sums);
        return sums;
    }

    public void Dispose() => OnnxRuntime.Dispose();
}
