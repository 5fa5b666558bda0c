using System.Collections.Generic;
using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks;

/// <summary>
/// StrideGen against ONNX Runtime on layers of one output position: MobileNetV1's and ResNet-50's classifiers as 1×1
/// convolutions, Inception-v3's auxiliary 5×5 head and LeNet-5's C5 (each weight row read in one pass, every load aligned
/// to the weights), and AlexNet's fc6, whose 151 MB stream from memory. Full mode only (<c>--filter '*ClassifierLayer*'</c>).
/// </summary>
public class ClassifierLayerBenchmarks : PeerLayerBenchmarks
{
    protected override IReadOnlyList<ConvLayer> Catalog => ClassifierLayerCatalog.All;
}
