using System;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// The large layers again, declared with <c>Threads = 2</c>: the same kernels split over the caller's thread and one
/// thread-pool thread. The suite times each beside its one-thread declaration in <see cref="BenchmarkLayers"/>.
/// </summary>
public static partial class TwoThreadLayers
{
    /// <summary><see cref="BenchmarkLayers.ResNetBlock"/> on two threads.</summary>
    [Conv2D(InChannels = 64, OutChannels = 64, InputHeight = 56, InputWidth = 56, KernelSize = 3, Padding = 1, Threads = 2)]
    public static partial void ResNetBlock(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary><see cref="BenchmarkLayers.ResNetDownsample"/> on two threads.</summary>
    [Conv2D(InChannels = 64, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 3, Stride = 2, Padding = 1, Threads = 2)]
    public static partial void ResNetDownsample(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary><see cref="BenchmarkLayers.ImageNetStem"/> on two threads.</summary>
    [Conv2D(InChannels = 3, OutChannels = 64, InputHeight = 224, InputWidth = 224, KernelSize = 7, Stride = 2, Padding = 3, Threads = 2)]
    public static partial void ImageNetStem(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary><see cref="BenchmarkLayers.MobileNetDepthwise"/> on two threads.</summary>
    [Conv2D(InChannels = 32, OutChannels = 32, Groups = 32, InputHeight = 112, InputWidth = 112, KernelSize = 3, Padding = 1, Threads = 2)]
    public static partial void MobileNetDepthwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary><see cref="BenchmarkLayers.MobileNetPointwise"/> on two threads.</summary>
    [Conv2D(InChannels = 32, OutChannels = 64, InputHeight = 56, InputWidth = 56, KernelSize = 1, Threads = 2)]
    public static partial void MobileNetPointwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
}
