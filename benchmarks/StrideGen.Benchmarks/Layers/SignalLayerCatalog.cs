using System.Collections.Generic;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// First layers of raw-audio networks (<see cref="NetworkLayers"/>): long windows at a stride over one long row, which run
/// as the stride-1 layer over their input split into column phases.
/// </summary>
public static class SignalLayerCatalog
{
    public static IReadOnlyList<ConvLayer> All { get; } =
    [
        GeneratedShape.ToLayer(0, nameof(NetworkLayers.M5Conv1), NetworkLayers.M5Conv1, typeof(NetworkLayers.M5Conv1Shape)),
        GeneratedShape.ToLayer(1, nameof(NetworkLayers.M5TutorialConv1), NetworkLayers.M5TutorialConv1, typeof(NetworkLayers.M5TutorialConv1Shape)),
        GeneratedShape.ToLayer(2, nameof(NetworkLayers.SoundNetConv1), NetworkLayers.SoundNetConv1, typeof(NetworkLayers.SoundNetConv1Shape)),
    ];
}
