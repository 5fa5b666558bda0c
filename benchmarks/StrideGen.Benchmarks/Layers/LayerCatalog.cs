using System.Collections.Generic;

namespace StrideGen.Benchmarks.Layers;

/// <summary>The layers in the order the summary lists them: tiny to large, then depthwise and pointwise.</summary>
public static class LayerCatalog
{
    /// <summary>
    /// Layers above this many multiply-accumulates are "large": their plain C# loops take a tenth of a second or more
    /// per call, so short mode leaves those loops out (full mode measures them).
    /// </summary>
    public const long LargeLayerMultiplyAccumulates = 50_000_000;

    public static IReadOnlyList<ConvLayer> All { get; } =
    [
        GeneratedShape.ToLayer(0, nameof(BenchmarkLayers.Tiny), BenchmarkLayers.Tiny, typeof(BenchmarkLayers.TinyShape)),
        GeneratedShape.ToLayer(1, nameof(BenchmarkLayers.LeNetFirst), BenchmarkLayers.LeNetFirst, typeof(BenchmarkLayers.LeNetFirstShape)),
        GeneratedShape.ToLayer(2, nameof(BenchmarkLayers.CifarStem), BenchmarkLayers.CifarStem, typeof(BenchmarkLayers.CifarStemShape)),
        GeneratedShape.ToLayer(3, nameof(BenchmarkLayers.ResNetBlock), BenchmarkLayers.ResNetBlock, typeof(BenchmarkLayers.ResNetBlockShape), TwoThreadLayers.ResNetBlock),
        GeneratedShape.ToLayer(4, nameof(BenchmarkLayers.ResNetDownsample), BenchmarkLayers.ResNetDownsample, typeof(BenchmarkLayers.ResNetDownsampleShape), TwoThreadLayers.ResNetDownsample),
        GeneratedShape.ToLayer(5, nameof(BenchmarkLayers.ImageNetStem), BenchmarkLayers.ImageNetStem, typeof(BenchmarkLayers.ImageNetStemShape), TwoThreadLayers.ImageNetStem),
        GeneratedShape.ToLayer(6, nameof(BenchmarkLayers.MobileNetDepthwise), BenchmarkLayers.MobileNetDepthwise, typeof(BenchmarkLayers.MobileNetDepthwiseShape), TwoThreadLayers.MobileNetDepthwise),
        GeneratedShape.ToLayer(7, nameof(BenchmarkLayers.MobileNetPointwise), BenchmarkLayers.MobileNetPointwise, typeof(BenchmarkLayers.MobileNetPointwiseShape), TwoThreadLayers.MobileNetPointwise),
    ];

    public static bool IsLarge(ConvLayer layer) => layer.MultiplyAccumulates > LargeLayerMultiplyAccumulates;
}
