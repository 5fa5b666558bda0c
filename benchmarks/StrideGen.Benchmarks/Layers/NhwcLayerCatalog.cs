using System.Collections.Generic;

namespace StrideGen.Benchmarks.Layers;

/// <summary>The NHWC layers (<see cref="NhwcLayers"/>), in network order.</summary>
public static class NhwcLayerCatalog
{
    public static IReadOnlyList<ConvLayer> All { get; } =
    [
        GeneratedShape.ToLayer(0, nameof(NhwcLayers.ResNetStage1Nhwc), NhwcLayers.ResNetStage1Nhwc, typeof(NhwcLayers.ResNetStage1NhwcShape), nhwc: true),
        GeneratedShape.ToLayer(1, nameof(NhwcLayers.ResNetDownsampleNhwc), NhwcLayers.ResNetDownsampleNhwc, typeof(NhwcLayers.ResNetDownsampleNhwcShape), nhwc: true),
        GeneratedShape.ToLayer(2, nameof(NhwcLayers.ResNetStage2Nhwc), NhwcLayers.ResNetStage2Nhwc, typeof(NhwcLayers.ResNetStage2NhwcShape), nhwc: true),
        GeneratedShape.ToLayer(3, nameof(NhwcLayers.ResNetStage3Nhwc), NhwcLayers.ResNetStage3Nhwc, typeof(NhwcLayers.ResNetStage3NhwcShape), nhwc: true),
        GeneratedShape.ToLayer(4, nameof(NhwcLayers.ResNetStage4Nhwc), NhwcLayers.ResNetStage4Nhwc, typeof(NhwcLayers.ResNetStage4NhwcShape), nhwc: true),
    ];
}
