using System;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// ResNet-18's 3×3 layers declared NHWC (input H×W×C, weights HWIO, output H×W×C), as a TensorFlow/Keras model's layers
/// would be. The stride-1 stages on 56×56, 28×28 and 14×14 run as NHWC Winograd on the vector paths; the 7×7 stage and the
/// stride-2 layer keep the window.
/// </summary>
public static partial class NhwcLayers
{
    /// <summary>ResNet stage 1, NHWC: 56×56×64 → 56×56×64, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 64, OutChannels = 64, InputHeight = 56, InputWidth = 56, KernelSize = 3, Padding = 1, Layout = TensorLayout.Nhwc)]
    public static partial void ResNetStage1Nhwc(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet's first downsampling layer, NHWC: 56×56×64 → 28×28×128, kernel 3, stride 2, padding 1.</summary>
    [Conv2D(InChannels = 64, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 3, Stride = 2, Padding = 1, Layout = TensorLayout.Nhwc)]
    public static partial void ResNetDownsampleNhwc(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet stage 2, NHWC: 28×28×128 → 28×28×128, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 128, OutChannels = 128, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1, Layout = TensorLayout.Nhwc)]
    public static partial void ResNetStage2Nhwc(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet stage 3, NHWC: 14×14×256 → 14×14×256, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 256, OutChannels = 256, InputHeight = 14, InputWidth = 14, KernelSize = 3, Padding = 1, Layout = TensorLayout.Nhwc)]
    public static partial void ResNetStage3Nhwc(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet stage 4, NHWC: 7×7×512 → 7×7×512, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 512, OutChannels = 512, InputHeight = 7, InputWidth = 7, KernelSize = 3, Padding = 1, Layout = TensorLayout.Nhwc)]
    public static partial void ResNetStage4Nhwc(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
}
