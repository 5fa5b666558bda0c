using System;
using System.Globalization;
using StrideGen.OnnxPeer;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// One measured pooling layer: its generated kernel, the same pooling as an ONNX operator, and its layout. Every shape
/// figure comes from the generated <c>{Name}Shape</c> constants. ONNX Runtime pools float tensors in NCHW only, so an
/// NHWC layer is compared with ONNX Runtime's NCHW pooling of the same logical shape (and its output transposed for the
/// agreement check, never while timing). <see cref="ToString"/> is what the summary's Layer column shows.
/// </summary>
public sealed class PoolLayer : IComparable<PoolLayer>, IComparable
{
    public PoolLayer(int catalogIndex, string name, PoolKernel kernel, PoolOperator shape, bool nhwc, int outputHeight, int outputWidth)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(shape);
        CatalogIndex = catalogIndex;
        Name = name;
        Kernel = kernel;
        Shape = shape;
        IsNhwc = nhwc;
        OutputHeight = outputHeight;
        OutputWidth = outputWidth;
        Description = Format(shape, nhwc);
    }

    public int CatalogIndex { get; }

    /// <summary>The name of the pooling method in <see cref="PoolBenchmarkLayers"/>.</summary>
    public string Name { get; }

    public PoolKernel Kernel { get; }

    /// <summary>The pooling in ONNX terms (NCHW), what ONNX Runtime is given.</summary>
    public PoolOperator Shape { get; }

    /// <summary>Whether the generated kernel reads and writes NHWC (channels last).</summary>
    public bool IsNhwc { get; }

    public int OutputHeight { get; }

    public int OutputWidth { get; }

    public int InputLength => Shape.Channels * Shape.InputHeight * Shape.InputWidth;

    public int OutputLength => Shape.Channels * OutputHeight * OutputWidth;

    /// <summary>Bytes one call must move at least: the input read once and the output written once.</summary>
    public long BytesMoved => 4L * (InputLength + OutputLength);

    /// <summary>The shape, e.g. "max 64×112×112 k3 s2 p1" or "avg 512×7×7 k7 (global)".</summary>
    public string Description { get; }

    public override string ToString() => Description;

    public int CompareTo(PoolLayer? other) => other is null ? 1 : CatalogIndex.CompareTo(other.CatalogIndex);

    public int CompareTo(object? obj) => CompareTo(obj as PoolLayer);

    private static string Format(PoolOperator op, bool nhwc)
    {
        var c = CultureInfo.InvariantCulture;
        string kind = op.IsMax ? "max" : "avg";
        string shape = nhwc
            ? string.Create(c, $"{op.InputHeight}×{op.InputWidth}×{op.Channels} NHWC")
            : string.Create(c, $"{op.Channels}×{op.InputHeight}×{op.InputWidth}");
        string kernel = op.KernelHeight == op.KernelWidth ? string.Create(c, $"k{op.KernelHeight}") : string.Create(c, $"k{op.KernelHeight}×{op.KernelWidth}");
        string stride = op.StrideHeight == op.KernelHeight && op.StrideWidth == op.KernelWidth ? ""
            : op.StrideHeight == op.StrideWidth ? string.Create(c, $" s{op.StrideHeight}") : string.Create(c, $" s{op.StrideHeight}×{op.StrideWidth}");
        bool evenPadding = op.PadTop == op.PadBottom && op.PadTop == op.PadLeft && op.PadTop == op.PadRight;
        string padding = !evenPadding ? string.Create(c, $" p{op.PadTop},{op.PadLeft},{op.PadBottom},{op.PadRight}")
            : op.PadTop != 0 ? string.Create(c, $" p{op.PadTop}") : "";
        bool global = op.KernelHeight == op.InputHeight && op.KernelWidth == op.InputWidth && op.PadTop + op.PadBottom + op.PadLeft + op.PadRight == 0;
        return $"{kind} {shape} {kernel}{stride}{padding}{(global ? " (global)" : "")}";
    }
}
