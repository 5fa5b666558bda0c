using System;
using Microsoft.ML.OnnxRuntime;

namespace StrideGen.OnnxPeer;

/// <summary>
/// One single-node model in a session whose input and output are bound once (IoBinding over pinned managed buffers), so
/// <see cref="Run"/> costs only ONNX Runtime's own time and allocates nothing managed: what <see cref="OnnxConvSession"/>
/// and <see cref="OnnxPoolSession"/> are made of. The input is copied at construction. Not thread-safe.
/// </summary>
internal sealed class BoundOnnxSession : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly OrtValue _inputValue;
    private readonly OrtValue _outputValue;
    private readonly OrtIoBinding _binding;
    private bool _disposed;

    public BoundOnnxSession(byte[] model, float[] input, long[] inputShape, long[] outputShape, int intraOpThreads)
    {
        _input = (float[])input.Clone();
        _output = new float[OperatorGeometry.ElementCount(outputShape)];

        // Build up in order and release what exists if any step fails (a bad model, a missing native library).
        try
        {
            _options = OnnxRuntimePeer.CreateSessionOptions(intraOpThreads, GraphOptimizationLevel.ORT_ENABLE_ALL);
            _session = new InferenceSession(model, _options);
            _runOptions = new RunOptions();
            _inputValue = OrtValue.CreateTensorValueFromMemory(_input, inputShape);
            _outputValue = OrtValue.CreateTensorValueFromMemory(_output, outputShape);
            _binding = _session.CreateIoBinding();
            _binding.BindInput(OnnxRuntimePeer.InputName, _inputValue);
            _binding.BindOutput(OnnxRuntimePeer.OutputName, _outputValue);
        }
        catch
        {
            ReleaseNative();
            throw;
        }
    }

    /// <summary>The output of the latest <see cref="Run"/> (NCHW, batch 1); zeros before the first run.</summary>
    public ReadOnlySpan<float> Output
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _output;
        }
    }

    /// <summary>Runs the bound model once, writing into the pre-allocated output buffer.</summary>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _session.RunWithBinding(_runOptions, _binding);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseNative();
    }

    // Fields may still be null when the constructor failed part-way, despite their annotations.
    private void ReleaseNative()
    {
        _binding?.Dispose();
        _outputValue?.Dispose();
        _inputValue?.Dispose();
        _runOptions?.Dispose();
        _session?.Dispose();
        _options?.Dispose();
    }
}
