using System;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// SSD300's detection heads on its 1×1, 3×3 and 5×5 maps (bias left out, as the suite's ONNX Runtime cases have none),
/// each declared twice: as written, and with <c>PackedWeights = true</c>, whose kernel runs channels last on weights its
/// generated <c>PackWeights</c> method packs once.
/// </summary>
public static partial class PackedWeightLayers
{
    /// <summary>SSD's confidence head on the 1×1 map: 256×1×1 → 84, kernel 3, padding 1 (only the centre tap is on real input).</summary>
    [Conv2D(InChannels = 256, OutChannels = 84, InputHeight = 1, InputWidth = 1, KernelSize = 3, Padding = 1)]
    public static partial void SsdConfidence1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <inheritdoc cref="SsdConfidence1"/>
    [Conv2D(InChannels = 256, OutChannels = 84, InputHeight = 1, InputWidth = 1, KernelSize = 3, Padding = 1, PackedWeights = true)]
    public static partial void SsdConfidence1Packed(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, Span<float> output);

    /// <summary>SSD's box head on the 3×3 map: 256×3×3 → 16, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 256, OutChannels = 16, InputHeight = 3, InputWidth = 3, KernelSize = 3, Padding = 1)]
    public static partial void SsdBox3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <inheritdoc cref="SsdBox3"/>
    [Conv2D(InChannels = 256, OutChannels = 16, InputHeight = 3, InputWidth = 3, KernelSize = 3, Padding = 1, PackedWeights = true)]
    public static partial void SsdBox3Packed(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, Span<float> output);

    /// <summary>SSD's confidence head on the 3×3 map: 256×3×3 → 84, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 256, OutChannels = 84, InputHeight = 3, InputWidth = 3, KernelSize = 3, Padding = 1)]
    public static partial void SsdConfidence3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <inheritdoc cref="SsdConfidence3"/>
    [Conv2D(InChannels = 256, OutChannels = 84, InputHeight = 3, InputWidth = 3, KernelSize = 3, Padding = 1, PackedWeights = true)]
    public static partial void SsdConfidence3Packed(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, Span<float> output);

    /// <summary>SSD's confidence head on the 5×5 map: 256×5×5 → 126, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 256, OutChannels = 126, InputHeight = 5, InputWidth = 5, KernelSize = 3, Padding = 1)]
    public static partial void SsdConfidence5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <inheritdoc cref="SsdConfidence5"/>
    [Conv2D(InChannels = 256, OutChannels = 126, InputHeight = 5, InputWidth = 5, KernelSize = 3, Padding = 1, PackedWeights = true)]
    public static partial void SsdConfidence5Packed(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, Span<float> output);
}
