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

    public float[] Input { get; }

    public float[] Weights { get; }

    /// <summary>The kernels' output buffer, cleared after the check.</summary>
    public float[] Output { get; }

    public OnnxConvSession OnnxRuntime { get; }

    /// <summary>ONNX Runtime's output for the case: what every other contender must agree with.</summary>
    public float[] Expected { get; private set; } = [];

    /// <summary>Builds the case and runs the StrideGen kernel and ONNX Runtime once each; throws if they disagree.</summary>
    public static VerifiedConvCase Create(ConvLayer layer, int inputSeed, int weightSeed)
    {
        ArgumentNullException.ThrowIfNull(layer);
        float[] input = TestTensors.Uniform(layer.InputLength, inputSeed);
        float[] weights = TestTensors.Uniform(layer.WeightLength, weightSeed);
        var verified = new VerifiedConvCase(layer, input, weights, new OnnxConvSession(layer.Shape, input, weights, bias: null, intraOpThreads: 1));
        verified.OnnxRuntime.Run();
        verified.Expected = verified.OnnxRuntime.Output.ToArray();
        layer.Kernel(input, weights, verified.Output);
        verified.Require("StrideGen", verified.Output);
        Array.Clear(verified.Output);
        return verified;
    }

    /// <summary>Throws unless <paramref name="output"/> agrees with ONNX Runtime's, within <see cref="OutputAgreement"/>'s tolerance.</summary>
    public void Require(string contender, float[] output) =>
        OutputAgreement.Require($"{Layer.Name}: {contender} vs ONNX Runtime", output, Expected, AbsoluteProductSums());

    /// <summary>Σ|x·w| for each output: the plain loops run on absolute values.</summary>
    private float[] AbsoluteProductSums()
    {
        var sums = new float[Layer.OutputLength];
        PlainLoopConvolution.Run(Layer, TestTensors.Absolute(Input), TestTensors.Absolute(Weights), sums);
        return sums;
    }

    public void Dispose() => OnnxRuntime.Dispose();
}
