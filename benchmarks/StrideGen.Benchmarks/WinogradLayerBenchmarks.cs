using System.Collections.Generic;
using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks;

/// <summary>
/// StrideGen against ONNX Runtime on 3×3 stride-1 layers of real networks that run as Winograd's F(2×2, 3×3). Full mode
/// only (<c>--filter '*WinogradLayer*'</c>).
/// </summary>
public class WinogradLayerBenchmarks : PeerLayerBenchmarks
{
    protected override IReadOnlyList<ConvLayer> Catalog => WinogradLayerCatalog.All;
}
