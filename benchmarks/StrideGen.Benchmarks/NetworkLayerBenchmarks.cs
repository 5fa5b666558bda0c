using System.Collections.Generic;
using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks;

/// <summary>
/// StrideGen against ONNX Runtime on later-stage network layers. Full mode only (<c>--filter '*NetworkLayer*'</c>): short
/// mode keeps to issue 5's list so it stays under three minutes.
/// </summary>
public class NetworkLayerBenchmarks : PeerLayerBenchmarks
{
    protected override IReadOnlyList<ConvLayer> Catalog => NetworkLayerCatalog.All;
}
