using System.Collections.Generic;
using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks;

/// <summary>
/// StrideGen against ONNX Runtime on layers of a wide stride: ViT's and DINOv2's patch embeddings (one whole-plane window
/// region each) and the stride-4 stems of ConvNeXt, SegFormer and AlexNet (gathered bands). Full mode only
/// (<c>--filter '*WideStrideLayer*'</c>).
/// </summary>
public class WideStrideLayerBenchmarks : PeerLayerBenchmarks
{
    protected override IReadOnlyList<ConvLayer> Catalog => WideStrideLayerCatalog.All;
}
