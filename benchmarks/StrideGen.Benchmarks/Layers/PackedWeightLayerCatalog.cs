using System.Collections.Generic;

namespace StrideGen.Benchmarks.Layers;

/// <summary>The layers timed with and without packed weights (<see cref="PackedWeightLayers"/>), smallest map first.</summary>
public static class PackedWeightLayerCatalog
{
    public static IReadOnlyList<ConvLayer> All { get; } =
    [
        With(GeneratedShape.ToLayer(0, nameof(PackedWeightLayers.SsdConfidence1), PackedWeightLayers.SsdConfidence1, typeof(PackedWeightLayers.SsdConfidence1Shape)),
            new(PackedWeightLayers.SsdConfidence1Packed, PackedWeightLayers.SsdConfidence1PackedPackWeights)),
        With(GeneratedShape.ToLayer(1, nameof(PackedWeightLayers.SsdBox3), PackedWeightLayers.SsdBox3, typeof(PackedWeightLayers.SsdBox3Shape)),
            new(PackedWeightLayers.SsdBox3Packed, PackedWeightLayers.SsdBox3PackedPackWeights)),
        With(GeneratedShape.ToLayer(2, nameof(PackedWeightLayers.SsdConfidence3), PackedWeightLayers.SsdConfidence3, typeof(PackedWeightLayers.SsdConfidence3Shape)),
            new(PackedWeightLayers.SsdConfidence3Packed, PackedWeightLayers.SsdConfidence3PackedPackWeights)),
        With(GeneratedShape.ToLayer(3, nameof(PackedWeightLayers.SsdConfidence5), PackedWeightLayers.SsdConfidence5, typeof(PackedWeightLayers.SsdConfidence5Shape)),
            new(PackedWeightLayers.SsdConfidence5Packed, PackedWeightLayers.SsdConfidence5PackedPackWeights)),
    ];

    private static ConvLayer With(ConvLayer layer, PackedKernel packed)
    {
        layer.Packed = packed;
        return layer;
    }
}
