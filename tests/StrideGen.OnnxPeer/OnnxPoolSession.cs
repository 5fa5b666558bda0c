using System;

namespace StrideGen.OnnxPeer;

/// <summary>
/// For benchmarks: one MaxPool or AveragePool session whose input and output are bound once (IoBinding over pinned
/// managed buffers), so <see cref="Run"/> costs only ONNX Runtime's own time and allocates nothing managed. NCHW, one
/// image: ONNX Runtime's CPU pooling kernels take no other layout for float. The input is copied at construction. An
/// instance is not thread-safe.
/// </summary>
public sealed class OnnxPoolSession : IDisposable
{
    private readonly BoundOnnxSession _bound;

    public OnnxPoolSession(PoolOperator op, float[] input, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(op);
        OperatorGeometry.Validate(op);
        OperatorGeometry.CheckLength(input, OperatorGeometry.InputShape(op), nameof(input));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intraOpThreads);
        _bound = new BoundOnnxSession(OnnxRuntimePeer.BuildPoolModel(op), input, OperatorGeometry.InputShape(op), OperatorGeometry.OutputShape(op), intraOpThreads);
    }

    /// <summary>The output of the latest <see cref="Run"/> (NCHW, batch 1); zeros before the first run.</summary>
    public ReadOnlySpan<float> Output => _bound.Output;

    /// <summary>Runs the bound model once, writing into the pre-allocated output buffer.</summary>
    public void Run() => _bound.Run();

    public void Dispose() => _bound.Dispose();
}
