using System.Collections.Generic;

namespace StrideGen.Benchmarks.Layers;

/// <summary>The pooling layers in the order the summary lists them.</summary>
public static class PoolLayerCatalog
{
    public static IReadOnlyList<PoolLayer> All { get; } =
    [
        GeneratedPoolShape.ToLayer(0, nameof(PoolBenchmarkLayers.VggPool), PoolBenchmarkLayers.VggPool, typeof(PoolBenchmarkLayers.VggPoolShape), isMax: true),
        GeneratedPoolShape.ToLayer(1, nameof(PoolBenchmarkLayers.ResNetStemPool), PoolBenchmarkLayers.ResNetStemPool, typeof(PoolBenchmarkLayers.ResNetStemPoolShape), isMax: true),
        GeneratedPoolShape.ToLayer(2, nameof(PoolBenchmarkLayers.DenseNetTransition), PoolBenchmarkLayers.DenseNetTransition, typeof(PoolBenchmarkLayers.DenseNetTransitionShape), isMax: false),
        GeneratedPoolShape.ToLayer(3, nameof(PoolBenchmarkLayers.GlobalAverage), PoolBenchmarkLayers.GlobalAverage, typeof(PoolBenchmarkLayers.GlobalAverageShape), isMax: false),
        GeneratedPoolShape.ToLayer(4, nameof(PoolBenchmarkLayers.LeNetPool), PoolBenchmarkLayers.LeNetPool, typeof(PoolBenchmarkLayers.LeNetPoolShape), isMax: true),
        GeneratedPoolShape.ToLayer(5, nameof(PoolBenchmarkLayers.ResNetStemPoolNhwc), PoolBenchmarkLayers.ResNetStemPoolNhwc, typeof(PoolBenchmarkLayers.ResNetStemPoolNhwcShape), isMax: true, nhwc: true),
        GeneratedPoolShape.ToLayer(6, nameof(PoolBenchmarkLayers.GlobalAverageNhwc), PoolBenchmarkLayers.GlobalAverageNhwc, typeof(PoolBenchmarkLayers.GlobalAverageNhwcShape), isMax: false, nhwc: true),
    ];
}
