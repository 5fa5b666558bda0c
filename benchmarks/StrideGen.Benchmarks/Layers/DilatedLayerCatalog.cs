using System.Collections.Generic;

namespace StrideGen.Benchmarks.Layers;

/// <summary>The dilated layers (<see cref="NetworkLayers"/>): DeepLab-v3's atrous branches by rate, then SSD's fc6.</summary>
public static class DilatedLayerCatalog
{
    public static IReadOnlyList<ConvLayer> All { get; } =
    [
        GeneratedShape.ToLayer(0, nameof(NetworkLayers.DeepLabAspp6), NetworkLayers.DeepLabAspp6, typeof(NetworkLayers.DeepLabAspp6Shape)),
        GeneratedShape.ToLayer(1, nameof(NetworkLayers.DeepLabAspp12), NetworkLayers.DeepLabAspp12, typeof(NetworkLayers.DeepLabAspp12Shape)),
        GeneratedShape.ToLayer(2, nameof(NetworkLayers.DeepLabAspp18), NetworkLayers.DeepLabAspp18, typeof(NetworkLayers.DeepLabAspp18Shape)),
        GeneratedShape.ToLayer(3, nameof(NetworkLayers.SsdFc6), NetworkLayers.SsdFc6, typeof(NetworkLayers.SsdFc6Shape)),
    ];
}
