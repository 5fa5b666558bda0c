using System;
using StrideGen.OnnxPeer;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// One measured layer: its generated kernel, the same convolution as an ONNX operator, and the figures the columns
/// need. Every number comes from the generated <c>{Name}Shape</c> constants, so the three contenders cannot disagree
/// about the shape. <see cref="ToString"/> is what the summary's Layer column shows; layers sort by
/// <see cref="CatalogIndex"/> so the summary lists them in catalogue order.
/// </summary>
public sealed class ConvLayer : IComparable<ConvLayer>, IComparable
{
    public ConvLayer(int catalogIndex, string name, ConvKernel kernel, ConvOperator shape, int outputHeight, int outputWidth, long multiplyAccumulates,
        ConvKernel? twoThreadKernel = null, bool nhwc = false)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(shape);
        CatalogIndex = catalogIndex;
        Name = name;
        Kernel = kernel;
        Shape = shape;
        OutputHeight = outputHeight;
        OutputWidth = outputWidth;
        MultiplyAccumulates = multiplyAccumulates;
        TwoThreadKernel = twoThreadKernel;
        IsNhwc = nhwc;
        Description = LayerDescription.Format(shape) + (nhwc ? " NHWC" : "");
    }

    /// <summary>The position in <see cref="LayerCatalog.All"/>.</summary>
    public int CatalogIndex { get; }

    /// <summary>The name of the <c>[Conv2D]</c> method in <see cref="BenchmarkLayers"/>.</summary>
    public string Name { get; }

    /// <summary>The generated method.</summary>
    public ConvKernel Kernel { get; }

    /// <summary>The same layer declared with <c>Threads = 2</c> (<see cref="TwoThreadLayers"/>), or null where the suite does not time one.</summary>
    public ConvKernel? TwoThreadKernel { get; }

    /// <summary>The same layer declared with <c>PackedWeights = true</c> (<see cref="PackedWeightLayers"/>), or null where the suite does not time one.</summary>
    public PackedKernel? Packed { get; set; }

    /// <summary>
    /// Whether the generated method is declared NHWC (input H×W×C, weights HWIO, output H×W×C). ONNX Runtime's Conv is NCHW
    /// only, so it runs the same convolution on the NCHW tensors, as an NHWC model's NCHW twin would.
    /// </summary>
    public bool IsNhwc { get; }

    /// <summary>The convolution in ONNX terms (what ONNX Runtime and the plain loops are given).</summary>
    public ConvOperator Shape { get; }

    public int OutputHeight { get; }

    public int OutputWidth { get; }

    public long MultiplyAccumulates { get; }

    /// <summary>Floating-point operations per call: a multiply-accumulate counts as two.</summary>
    public double FloatingPointOperations => 2.0 * MultiplyAccumulates;

    public int InputLength => Shape.InChannels * Shape.InputHeight * Shape.InputWidth;

    public int WeightLength => Shape.OutChannels * (Shape.InChannels / Shape.Groups) * Shape.KernelHeight * Shape.KernelWidth;

    public int OutputLength => Shape.OutChannels * OutputHeight * OutputWidth;

    /// <summary>The shape in the notation, e.g. "64×56×56→128 k3 s2 p1".</summary>
    public string Description { get; }

    public override string ToString() => Description;

    public int CompareTo(ConvLayer? other) => other is null ? 1 : CatalogIndex.CompareTo(other.CatalogIndex);

    public int CompareTo(object? obj) => CompareTo(obj as ConvLayer);
}
