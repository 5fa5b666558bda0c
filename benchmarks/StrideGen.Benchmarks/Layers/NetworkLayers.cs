using System;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// Later-stage layers of ImageNet networks, beyond issue 5's list: the shapes where ONNX Runtime's NCHWc kernels, with
/// weights packed once when the session is created, run closest to the machine's FMA peak. Declared as a user would.
/// </summary>
public static partial class NetworkLayers
{
    /// <summary>ResNet stage 2: 128×28×28 → 128×28×28, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 128, OutChannels = 128, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1)]
    public static partial void ResNetStage2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet stage 3: 256×14×14 → 256×14×14, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 256, OutChannels = 256, InputHeight = 14, InputWidth = 14, KernelSize = 3, Padding = 1)]
    public static partial void ResNetStage3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet stage 4: 512×7×7 → 512×7×7, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 512, OutChannels = 512, InputHeight = 7, InputWidth = 7, KernelSize = 3, Padding = 1)]
    public static partial void ResNetStage4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet's last downsampling conv: 256×14×14 → 512×7×7, kernel 3, stride 2, padding 1.</summary>
    [Conv2D(InChannels = 256, OutChannels = 512, InputHeight = 14, InputWidth = 14, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void ResNetDownsample14(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet's projection shortcut: 64×56×56 → 128×28×28, kernel 1, stride 2.</summary>
    [Conv2D(InChannels = 64, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 1, Stride = 2)]
    public static partial void ResNetShortcut(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>MobileNet's last pointwise layer: 1024×7×7 → 1024×7×7, kernel 1.</summary>
    [Conv2D(InChannels = 1024, OutChannels = 1024, InputHeight = 7, InputWidth = 7, KernelSize = 1)]
    public static partial void MobileNetPointwise7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
}
