using System.Collections.Generic;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// Layers of a wide stride (<see cref="NetworkLayers"/>): vision transformers' patch embeddings, which run as one
/// whole-plane window region, then the stride-4 stems of ConvNeXt, SegFormer and AlexNet, whose bands are gathered.
/// </summary>
public static class WideStrideLayerCatalog
{
    public static IReadOnlyList<ConvLayer> All { get; } =
    [
        GeneratedShape.ToLayer(0, nameof(NetworkLayers.VitB16Patches), NetworkLayers.VitB16Patches, typeof(NetworkLayers.VitB16PatchesShape)),
        GeneratedShape.ToLayer(1, nameof(NetworkLayers.VitB32Patches), NetworkLayers.VitB32Patches, typeof(NetworkLayers.VitB32PatchesShape)),
        GeneratedShape.ToLayer(2, nameof(NetworkLayers.Dinov2S14Patches), NetworkLayers.Dinov2S14Patches, typeof(NetworkLayers.Dinov2S14PatchesShape)),
        GeneratedShape.ToLayer(3, nameof(NetworkLayers.ConvNeXtStem), NetworkLayers.ConvNeXtStem, typeof(NetworkLayers.ConvNeXtStemShape)),
        GeneratedShape.ToLayer(4, nameof(NetworkLayers.SegFormerStem), NetworkLayers.SegFormerStem, typeof(NetworkLayers.SegFormerStemShape)),
        GeneratedShape.ToLayer(5, nameof(NetworkLayers.AlexNetConv1), NetworkLayers.AlexNetConv1, typeof(NetworkLayers.AlexNetConv1Shape)),
    ];
}
