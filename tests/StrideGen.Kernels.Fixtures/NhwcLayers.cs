using System;

namespace StrideGen.Kernels.Fixtures
{
    /// <summary>NHWC layers generated at build time, exactly as a consumer's would be: input H×W×C, weights HWIO, output H×W×C.</summary>
    public static partial class NhwcLayers
    {
        /// <summary>A MobileNet pointwise layer: 14×14×32 → 14×14×64, 1×1 (weights HWIO 1×1×32×64).</summary>
        [Conv2D(InChannels = 32, OutChannels = 64, InputHeight = 14, InputWidth = 14, KernelSize = 1, Layout = TensorLayout.Nhwc)]
        public static partial void Pointwise32To64(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>A MobileNet depthwise layer: 28×28×32, kernel 3, stride 2, Same padding, bias → 14×14×32 (weights HWIO 3×3×1×32).</summary>
        [Conv2D(InChannels = 32, OutChannels = 32, Groups = 32, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2,
            PaddingMode = PaddingMode.Same, Layout = TensorLayout.Nhwc)]
        public static partial void DepthwiseStride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>A 3×3 stem whose 20 output channels end in a partial vector: 32×32×3 → 32×32×20, padding 1, bias, ReLU.</summary>
        [Conv2D(InChannels = 3, OutChannels = 20, InputHeight = 32, InputWidth = 32, KernelSize = 3, Padding = 1,
            Activation = Activation.Relu, Layout = TensorLayout.Nhwc)]
        public static partial void StemWithTail(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// A ResNet stage-3 shape with fewer output channels (256 → 32 on 14×14): NHWC Winograd on the vector
        /// paths, its input channels in chunks whose outputs add up; the scalar path's rows end in pixels with only their real taps.
        /// </summary>
        [Conv2D(InChannels = 256, OutChannels = 32, InputHeight = 14, InputWidth = 14, KernelSize = 3, Padding = 1,
            Activation = Activation.Relu, Layout = TensorLayout.Nhwc)]
        public static partial void DeepChunked(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>ResNeXt's stage-1 grouped 3×3 with fewer groups: 20×20×32 → 20×20×32, 8 groups of 4 channels (the Vector128 path), padding 1.</summary>
        [Conv2D(InChannels = 32, OutChannels = 32, Groups = 8, InputHeight = 20, InputWidth = 20, KernelSize = 3, Padding = 1, Layout = TensorLayout.Nhwc)]
        public static partial void GroupsOfFour(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>Groups of 6 channels, stride 2, bias and ReLU6: 17×17×24 → 9×9×36 (the Vector128 path with an overlapping last lane).</summary>
        [Conv2D(InChannels = 24, OutChannels = 36, Groups = 6, InputHeight = 17, InputWidth = 17, KernelSize = 3, Stride = 2, Padding = 1,
            Activation = Activation.Relu6, Layout = TensorLayout.Nhwc)]
        public static partial void GroupsOfSix(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// MobileNetV1's last depthwise layer with 128 channels (its 1024 put every pixel in one L1 set), bias and ReLU: 7×7×128,
        /// kernel 3, padding 1, run in channel blocks of 32 copied contiguous to the stack on the vector paths.
        /// </summary>
        [Conv2D(InChannels = 128, OutChannels = 128, Groups = 128, InputHeight = 7, InputWidth = 7, KernelSize = 3, Padding = 1,
            Activation = Activation.Relu, Layout = TensorLayout.Nhwc)]
        public static partial void DepthwiseChannelBlocks(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// 16×16×256 → 16×16×128, kernel 3, padding 1, bias and ReLU: NHWC Winograd on the vector paths (the
        /// window's kernel, with its chunks of weights packed, is tested dilated in PackedChunkTests).
        /// </summary>
        [Conv2D(InChannels = 256, OutChannels = 128, InputHeight = 16, InputWidth = 16, KernelSize = 3, Padding = 1, Activation = Activation.Relu, Layout = TensorLayout.Nhwc)]
        public static partial void PackedChunks(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);
    }
}
