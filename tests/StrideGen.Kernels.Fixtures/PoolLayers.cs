using System;

namespace StrideGen.Kernels.Fixtures
{
    /// <summary>Pooling layers generated at build time, exactly as a consumer's would be: the shapes real networks use.</summary>
    public static partial class PoolLayers
    {
        /// <summary>The classic 2×2 max pool (stride defaults to the kernel): 8×28×28 → 8×14×14.</summary>
        [MaxPool2D(Channels = 8, InputHeight = 28, InputWidth = 28, KernelSize = 2)]
        public static partial void MaxPool2x2(ReadOnlySpan<float> input, Span<float> output);

        /// <summary>ResNet's stem pool at reduced channels: 16×56×56, kernel 3, stride 2, padding 1 → 16×28×28.</summary>
        [MaxPool2D(Channels = 16, InputHeight = 56, InputWidth = 56, KernelSize = 3, Stride = 2, Padding = 1)]
        public static partial void ResNetMaxPool(ReadOnlySpan<float> input, Span<float> output);

        /// <summary>A global average pool over a 7×7 feature map: 64×7×7 → 64×1×1.</summary>
        [AvgPool2D(Channels = 64, InputHeight = 7, InputWidth = 7, KernelSize = 7)]
        public static partial void GlobalAvgPool7(ReadOnlySpan<float> input, Span<float> output);

        /// <summary>
        /// A ceil-mode average pool whose last windows hang past the padding: 8×14×16, kernel 3, stride 2, padding 1, padded
        /// cells counted → 8×8×9.
        /// </summary>
        [AvgPool2D(Channels = 8, InputHeight = 14, InputWidth = 16, KernelSize = 3, Stride = 2, Padding = 1, CeilMode = true, CountIncludePad = true)]
        public static partial void CeilAvgPool(ReadOnlySpan<float> input, Span<float> output);

        /// <summary>A GoogLeNet-style ceil-mode max pool: 24×27×28, kernel 3, stride 2 → 24×13×14 (ceil keeps a last, clipped window on the width).</summary>
        [MaxPool2D(Channels = 24, InputHeight = 27, InputWidth = 28, KernelSize = 3, Stride = 2, CeilMode = true)]
        public static partial void CeilMaxPool(ReadOnlySpan<float> input, Span<float> output);

        /// <summary>An Inception-style 3×3 average pool at stride 1 with Same padding, real cells only: 4×17×17 → 4×17×17.</summary>
        [AvgPool2D(Channels = 4, InputHeight = 17, InputWidth = 17, KernelSize = 3, Stride = 1, PaddingMode = PaddingMode.Same)]
        public static partial void SameAvgPool(ReadOnlySpan<float> input, Span<float> output);
    }
}
