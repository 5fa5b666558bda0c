using System;

namespace StrideGen.OnnxPeer;

/// <summary>Argument checks and output shapes for <see cref="ConvOperator"/> and <see cref="PoolOperator"/>.</summary>
internal static class OperatorGeometry
{
    /// <summary>
    /// Output extent along one axis: floor((in + padBefore + padAfter - dilation*(k-1) - 1) / stride) + 1,
    /// or with ceil instead of floor when <paramref name="ceilMode"/> is set. In ceil mode the last window
    /// must start inside the input or the leading padding (the ONNX / PyTorch rule), so a window that
    /// would start in the trailing padding is dropped.
    /// </summary>
    public static int OutputExtent(int input, int kernel, int stride, int dilation, int padBefore, int padAfter, bool ceilMode)
    {
        int span = input + padBefore + padAfter - (dilation * (kernel - 1)) - 1;
        if (span < 0)
        {
            throw new ArgumentException($"The dilated kernel ({dilation * (kernel - 1) + 1}) is larger than the padded input ({input + padBefore + padAfter}).");
        }

        int extent = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceilMode && (extent - 1) * stride >= input + padBefore)
        {
            extent--;
        }

        return extent;
    }

    public static long[] InputShape(ConvOperator op) => [1, op.InChannels, op.InputHeight, op.InputWidth];

    public static long[] WeightShape(ConvOperator op) => [op.OutChannels, op.InChannels / op.Groups, op.KernelHeight, op.KernelWidth];

    public static long[] BiasShape(ConvOperator op) => [op.OutChannels];

    public static long[] OutputShape(ConvOperator op) =>
    [
        1,
        op.OutChannels,
        OutputExtent(op.InputHeight, op.KernelHeight, op.StrideHeight, op.DilationHeight, op.PadTop, op.PadBottom, ceilMode: false),
        OutputExtent(op.InputWidth, op.KernelWidth, op.StrideWidth, op.DilationWidth, op.PadLeft, op.PadRight, ceilMode: false),
    ];

    public static long[] InputShape(PoolOperator op) => [1, op.Channels, op.InputHeight, op.InputWidth];

    public static long[] OutputShape(PoolOperator op) =>
    [
        1,
        op.Channels,
        OutputExtent(op.InputHeight, op.KernelHeight, op.StrideHeight, op.DilationHeight, op.PadTop, op.PadBottom, op.CeilMode),
        OutputExtent(op.InputWidth, op.KernelWidth, op.StrideWidth, op.DilationWidth, op.PadLeft, op.PadRight, op.CeilMode),
    ];

    public static int ElementCount(long[] shape)
    {
        long count = 1;
        foreach (long extent in shape)
        {
            count *= extent;
        }

        return checked((int)count);
    }

    public static void Validate(ConvOperator op)
    {
        ArgumentNullException.ThrowIfNull(op);
        Positive(op.InChannels, nameof(op.InChannels));
        Positive(op.OutChannels, nameof(op.OutChannels));
        Positive(op.Groups, nameof(op.Groups));
        if (op.InChannels % op.Groups != 0 || op.OutChannels % op.Groups != 0)
        {
            throw new ArgumentException($"InChannels ({op.InChannels}) and OutChannels ({op.OutChannels}) must both be divisible by Groups ({op.Groups}).", nameof(op));
        }

        ValidateWindow(op.InputHeight, op.InputWidth, op.KernelHeight, op.KernelWidth, op.StrideHeight, op.StrideWidth,
            op.DilationHeight, op.DilationWidth, op.PadTop, op.PadBottom, op.PadLeft, op.PadRight);
        _ = OutputShape(op);
    }

    public static void Validate(PoolOperator op)
    {
        ArgumentNullException.ThrowIfNull(op);
        Positive(op.Channels, nameof(op.Channels));
        ValidateWindow(op.InputHeight, op.InputWidth, op.KernelHeight, op.KernelWidth, op.StrideHeight, op.StrideWidth,
            op.DilationHeight, op.DilationWidth, op.PadTop, op.PadBottom, op.PadLeft, op.PadRight);
        _ = OutputShape(op);
    }

    public static void CheckLength(float[]? data, long[] shape, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        int expected = ElementCount(shape);
        if (data.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} values for shape [{string.Join(", ", shape)}], got {data.Length}.", name);
        }
    }

    private static void ValidateWindow(int height, int width, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
        int dilationHeight, int dilationWidth, int padTop, int padBottom, int padLeft, int padRight)
    {
        Positive(height, "InputHeight");
        Positive(width, "InputWidth");
        Positive(kernelHeight, "KernelHeight");
        Positive(kernelWidth, "KernelWidth");
        Positive(strideHeight, "StrideHeight");
        Positive(strideWidth, "StrideWidth");
        Positive(dilationHeight, "DilationHeight");
        Positive(dilationWidth, "DilationWidth");
        NonNegative(padTop, "PadTop");
        NonNegative(padBottom, "PadBottom");
        NonNegative(padLeft, "PadLeft");
        NonNegative(padRight, "PadRight");
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be positive.");
        }
    }

    private static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must not be negative.");
        }
    }
}
