using System;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// 3×3 stride-1 layers of real networks that run as Winograd's F(2×2, 3×3) on the vector paths (beside
/// ResNet's 64-, 128- and 256-channel stages, in the main table and <see cref="NetworkLayers"/>). Declared as a user would.
/// </summary>
public static partial class WinogradLayers
{
    /// <summary>SqueezeNet 1.0's fire2 expand: 16×55×55 → 64×55×55, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 16, OutChannels = 64, InputHeight = 55, InputWidth = 55, KernelSize = 3, Padding = 1)]
    public static partial void SqueezeNetFire2Expand(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>HRNet-W18's 36-channel branch at 1/8 scale: 36×28×28 → 36×28×28, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 36, OutChannels = 36, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1)]
    public static partial void HrNetBranch36(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>VGG-16's conv2_1: 64×112×112 → 128×112×112, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 64, OutChannels = 128, InputHeight = 112, InputWidth = 112, KernelSize = 3, Padding = 1)]
    public static partial void VggConv2_1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>YOLOv3's 52×52 stage: 128×52×52 → 256×52×52, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 128, OutChannels = 256, InputHeight = 52, InputWidth = 52, KernelSize = 3, Padding = 1)]
    public static partial void YoloV3Stage52(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>VGG-16's conv4_3: 512×28×28 → 512×28×28, kernel 3, padding 1 (Winograd's loops turned round: many channels on a small map).</summary>
    [Conv2D(InChannels = 512, OutChannels = 512, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1)]
    public static partial void VggConv4_3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>VGG-16's conv5_3: 512×14×14 → 512×14×14, kernel 3, padding 1 (turned round).</summary>
    [Conv2D(InChannels = 512, OutChannels = 512, InputHeight = 14, InputWidth = 14, KernelSize = 3, Padding = 1)]
    public static partial void VggConv5_3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>U-Net's second level: 128×32×32 → 128×32×32, kernel 3, padding 1 (a 64×64 input image's encoder).</summary>
    [Conv2D(InChannels = 128, OutChannels = 128, InputHeight = 32, InputWidth = 32, KernelSize = 3, Padding = 1)]
    public static partial void UNetLevel2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
}
