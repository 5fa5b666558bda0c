using System;

namespace StrideGen.OnnxPeer;

/// <summary>
/// For benchmarks: one Conv session whose input and output are bound once (IoBinding over pinned managed
/// buffers), so <see cref="Run"/> costs only ONNX Runtime's own time and allocates nothing managed.
/// Weights and bias are baked into the model as initializers, letting ORT_ENABLE_ALL pre-pack them the way
/// a deployed model would. The input is copied at construction. An instance is not thread-safe.
/// </summary>
public sealed class OnnxConvSession : IDisposable
{
    private readonly BoundOnnxSession _bound;

    public OnnxConvSession(ConvOperator op, float[] input, float[] weights, float[]? bias, int intraOpThreads = 1)
    {
        OnnxRuntimePeer.CheckConvArguments(op, input, weights, bias);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intraOpThreads);
        _bound = new BoundOnnxSession(OnnxRuntimePeer.BuildConvModel(op, weights, bias), input, OperatorGeometry.InputShape(op), OperatorGeometry.OutputShape(op), intraOpThreads);
    }

    /// <summary>The output of the latest <see cref="Run"/> (NCHW, batch 1); zeros before the first run.</summary>
    public ReadOnlySpan<float> Output => _bound.Output;

    /// <summary>Runs the bound model once, writing into the pre-allocated output buffer.</summary>
    public void Run() => _bound.Run();

    public void Dispose() => _bound.Dispose();
}
