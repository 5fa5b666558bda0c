using System.Collections.Generic;
using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks;

/// <summary>
/// StrideGen against ONNX Runtime on dilated layers of real networks (DeepLab's atrous pyramid, SSD's fc6), which run in
/// window regions. Full mode only (<c>--filter '*DilatedLayer*'</c>).
/// </summary>
public class DilatedLayerBenchmarks : PeerLayerBenchmarks
{
    protected override IReadOnlyList<ConvLayer> Catalog => DilatedLayerCatalog.All;
}
