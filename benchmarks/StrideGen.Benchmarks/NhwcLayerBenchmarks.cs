using System.Collections.Generic;
using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks;

/// <summary>
/// StrideGen's NHWC layers against ONNX Runtime running the same convolution NCHW (its Conv has no NHWC form; the
/// tensors are the same values, transposed at set-up). Full mode only (<c>--filter '*NhwcLayer*'</c>).
/// </summary>
public class NhwcLayerBenchmarks : PeerLayerBenchmarks
{
    protected override IReadOnlyList<ConvLayer> Catalog => NhwcLayerCatalog.All;
}
