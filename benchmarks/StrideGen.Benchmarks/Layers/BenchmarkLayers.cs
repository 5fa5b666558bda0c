using System;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// The layers the suite measures (issue 5's list), declared exactly as a StrideGen user would: one image, NCHW, no bias.
/// The generator writes each body and a nested <c>{Name}Shape</c> class of constants at build time.
/// </summary>
public static partial class BenchmarkLayers
{
    /// <summary>The stride picture: 1×7×7, kernel 3, stride 1 → 1×5×5. Measures per-call overhead more than arithmetic.</summary>
    [Conv2D(InChannels = 1, OutChannels = 1, InputHeight = 7, InputWidth = 7, KernelSize = 3)]
    public static partial void Tiny(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>LeNet's first layer: 1×28×28 → 6×24×24, kernel 5.</summary>
    [Conv2D(InChannels = 1, OutChannels = 6, InputHeight = 28, InputWidth = 28, KernelSize = 5)]
    public static partial void LeNetFirst(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>A CIFAR stem: 3×32×32 → 16×32×32, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 3, OutChannels = 16, InputHeight = 32, InputWidth = 32, KernelSize = 3, Padding = 1)]
    public static partial void CifarStem(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>A ResNet stage-1 block: 64×56×56 → 64×56×56, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 64, OutChannels = 64, InputHeight = 56, InputWidth = 56, KernelSize = 3, Padding = 1)]
    public static partial void ResNetBlock(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>A ResNet downsampling conv: 64×56×56 → 128×28×28, kernel 3, stride 2, padding 1.</summary>
    [Conv2D(InChannels = 64, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void ResNetDownsample(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>The ImageNet stem: 3×224×224 → 64×112×112, kernel 7, stride 2, padding 3.</summary>
    [Conv2D(InChannels = 3, OutChannels = 64, InputHeight = 224, InputWidth = 224, KernelSize = 7, Stride = 2, Padding = 3)]
    public static partial void ImageNetStem(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>A MobileNet depthwise layer: 32×112×112, kernel 3, padding 1, one filter per channel.</summary>
    [Conv2D(InChannels = 32, OutChannels = 32, Groups = 32, InputHeight = 112, InputWidth = 112, KernelSize = 3, Padding = 1)]
    public static partial void MobileNetDepthwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>A MobileNet pointwise projection: 32×56×56 → 64×56×56, kernel 1.</summary>
    [Conv2D(InChannels = 32, OutChannels = 64, InputHeight = 56, InputWidth = 56, KernelSize = 1)]
    public static partial void MobileNetPointwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
}
