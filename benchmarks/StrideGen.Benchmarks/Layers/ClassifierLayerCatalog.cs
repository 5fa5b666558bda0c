using System.Collections.Generic;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// Layers of one output position (<see cref="NetworkLayers"/>): classifiers as 1×1 convolutions and heads whose window is
/// the whole input, where every weight is read once and the weights' stream is the cost.
/// </summary>
public static class ClassifierLayerCatalog
{
    public static IReadOnlyList<ConvLayer> All { get; } =
    [
        GeneratedShape.ToLayer(0, nameof(NetworkLayers.MobileNetClassifier), NetworkLayers.MobileNetClassifier, typeof(NetworkLayers.MobileNetClassifierShape)),
        GeneratedShape.ToLayer(1, nameof(NetworkLayers.ResNet50Classifier), NetworkLayers.ResNet50Classifier, typeof(NetworkLayers.ResNet50ClassifierShape)),
        GeneratedShape.ToLayer(2, nameof(NetworkLayers.InceptionAuxHead), NetworkLayers.InceptionAuxHead, typeof(NetworkLayers.InceptionAuxHeadShape)),
        GeneratedShape.ToLayer(3, nameof(NetworkLayers.LeNetC5), NetworkLayers.LeNetC5, typeof(NetworkLayers.LeNetC5Shape)),
        GeneratedShape.ToLayer(4, nameof(NetworkLayers.AlexNetFc6), NetworkLayers.AlexNetFc6, typeof(NetworkLayers.AlexNetFc6Shape)),
    ];
}
