using System;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// The pooling layers the suite measures (issue 5: pooling at least as fast as ONNX Runtime's MaxPool/AveragePool on
/// the same shapes), from real networks, one image, declared exactly as a StrideGen user would. The generator writes
/// each body and a nested <c>{Name}Shape</c> class of constants at build time.
/// </summary>
public static partial class PoolBenchmarkLayers
{
    /// <summary>A VGG block's pool: 64×112×112 → 64×56×56, max over 2×2, stride 2.</summary>
    [MaxPool2D(Channels = 64, InputHeight = 112, InputWidth = 112, KernelSize = 2, Stride = 2)]
    public static partial void VggPool(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>The ResNet stem's pool: 64×112×112 → 64×56×56, max over 3×3, stride 2, padding 1.</summary>
    [MaxPool2D(Channels = 64, InputHeight = 112, InputWidth = 112, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void ResNetStemPool(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>A DenseNet transition's pool: 128×56×56 → 128×28×28, average over 2×2, stride 2.</summary>
    [AvgPool2D(Channels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 2, Stride = 2)]
    public static partial void DenseNetTransition(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>ResNet's global average pool before the classifier: 512×7×7 → 512×1×1.</summary>
    [AvgPool2D(Channels = 512, InputHeight = 7, InputWidth = 7, KernelSize = 7)]
    public static partial void GlobalAverage(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>LeNet's first subsampling, as a max pool: 6×28×28 → 6×14×14, 2×2, stride 2.</summary>
    [MaxPool2D(Channels = 6, InputHeight = 28, InputWidth = 28, KernelSize = 2, Stride = 2)]
    public static partial void LeNetPool(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>The ResNet stem's pool in NHWC: 112×112×64 → 56×56×64, max over 3×3, stride 2, padding 1.</summary>
    [MaxPool2D(Channels = 64, InputHeight = 112, InputWidth = 112, KernelSize = 3, Stride = 2, Padding = 1, Layout = TensorLayout.Nhwc)]
    public static partial void ResNetStemPoolNhwc(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>ResNet-50's global average pool in NHWC: 7×7×2048 → 1×1×2048 (channel rows 8 KB apart).</summary>
    [AvgPool2D(Channels = 2048, InputHeight = 7, InputWidth = 7, KernelSize = 7, Layout = TensorLayout.Nhwc)]
    public static partial void GlobalAverageNhwc(ReadOnlySpan<float> input, Span<float> output);
}
