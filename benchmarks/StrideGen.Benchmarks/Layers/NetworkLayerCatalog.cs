using System.Collections.Generic;

namespace StrideGen.Benchmarks.Layers;

/// <summary>The later-stage network layers, in network order.</summary>
public static class NetworkLayerCatalog
{
    public static IReadOnlyList<ConvLayer> All { get; } =
    [
        GeneratedShape.ToLayer(0, nameof(NetworkLayers.ResNetShortcut), NetworkLayers.ResNetShortcut, typeof(NetworkLayers.ResNetShortcutShape)),
        GeneratedShape.ToLayer(1, nameof(NetworkLayers.ResNetStage2), NetworkLayers.ResNetStage2, typeof(NetworkLayers.ResNetStage2Shape)),
        GeneratedShape.ToLayer(2, nameof(NetworkLayers.ResNetStage3), NetworkLayers.ResNetStage3, typeof(NetworkLayers.ResNetStage3Shape)),
        GeneratedShape.ToLayer(3, nameof(NetworkLayers.ResNetDownsample14), NetworkLayers.ResNetDownsample14, typeof(NetworkLayers.ResNetDownsample14Shape)),
        GeneratedShape.ToLayer(4, nameof(NetworkLayers.ResNetStage4), NetworkLayers.ResNetStage4, typeof(NetworkLayers.ResNetStage4Shape)),
        GeneratedShape.ToLayer(5, nameof(NetworkLayers.MobileNetPointwise7), NetworkLayers.MobileNetPointwise7, typeof(NetworkLayers.MobileNetPointwise7Shape)),
    ];
}
