using System;

namespace StrideGen.Kernels.Fixtures
{
    /// <summary>A fixed set of layers generated at build time: the shapes the README names and a few real-network ones.</summary>
    public static partial class FixedLayers
    {
        /// <summary>The classic picture: 7×7, kernel 3, stride 1 → 5×5.</summary>
        [Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]
        public static partial void Picture7Stride1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>The classic picture: 7×7, kernel 3, stride 2 → 3×3.</summary>
        [Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3, Stride = 2)]
        public static partial void Picture7Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>The README's first layer: 1×28×28 → 8×14×14.</summary>
        [Conv2D(InChannels = 1, OutChannels = 8, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1)]
        public static partial void Down(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>LeNet's first layer with bias and ReLU: 1×28×28 → 6×24×24, kernel 5.</summary>
        [Conv2D(InChannels = 1, OutChannels = 6, InputHeight = 28, InputWidth = 28, KernelSize = 5, Activation = Activation.Relu)]
        public static partial void LeNet1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>A CIFAR stem: 3×32×32 → 16×32×32, kernel 3, padding 1, bias.</summary>
        [Conv2D(InChannels = 3, OutChannels = 16, InputHeight = 32, InputWidth = 32, KernelSize = 3, Padding = 1)]
        public static partial void CifarStem(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>A ResNet block conv at reduced size: 32×28×28 → 32×28×28, kernel 3, padding 1, ReLU6.</summary>
        [Conv2D(InChannels = 32, OutChannels = 32, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1, Activation = Activation.Relu6)]
        public static partial void ResNet3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>A MobileNet depthwise layer: 32×28×28, kernel 3, stride 2, Same padding.</summary>
        [Conv2D(InChannels = 32, OutChannels = 32, Groups = 32, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, PaddingMode = PaddingMode.Same)]
        public static partial void Depthwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>A pointwise projection: 32×14×14 → 48×14×14, 1×1.</summary>
        [Conv2D(InChannels = 32, OutChannels = 48, InputHeight = 14, InputWidth = 14, KernelSize = 1)]
        public static partial void Pointwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>A MobileNet stride-1 depthwise layer: 16×56×56, kernel 3, padding 1, bias and ReLU6 (interior rows four at a time).</summary>
        [Conv2D(InChannels = 16, OutChannels = 16, Groups = 16, InputHeight = 56, InputWidth = 56, KernelSize = 3, Padding = 1, Activation = Activation.Relu6)]
        public static partial void DepthwiseStride1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>A ResNet stage-1 shape with fewer channels: 16×56×56 → 16×56×56, kernel 3, padding 1 (rows of 3 × 16 + 8 columns).</summary>
        [Conv2D(InChannels = 16, OutChannels = 16, InputHeight = 56, InputWidth = 56, KernelSize = 3, Padding = 1)]
        public static partial void ResNet56(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>A ResNet downsampling shape with fewer channels: 16×56×56 → 24×28×28, kernel 3, stride 2, padding 1.</summary>
        [Conv2D(InChannels = 16, OutChannels = 24, InputHeight = 56, InputWidth = 56, KernelSize = 3, Stride = 2, Padding = 1)]
        public static partial void ResNetDown56(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>ResNet's downsampling layer: 64×56×56 → 128×28×28, kernel 3, stride 2, padding 1, bias and ReLU (stride-2 Winograd on Vector512).</summary>
        [Conv2D(InChannels = 64, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 3, Stride = 2, Padding = 1, Activation = Activation.Relu)]
        public static partial void ResNetDownsample(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>ResNet's last stage with fewer channels: 64×7×7 → 64×7×7, kernel 3, padding 1, bias (each plane as one run of 49).</summary>
        [Conv2D(InChannels = 64, OutChannels = 64, InputHeight = 7, InputWidth = 7, KernelSize = 3, Padding = 1)]
        public static partial void ResNetStage4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>A dilated, grouped, leaky layer with non-square everything and SameLower padding.</summary>
        [Conv2D(InChannels = 6, OutChannels = 9, Groups = 3, InputHeight = 19, InputWidth = 23, KernelHeight = 3, KernelWidth = 5,
            StrideHeight = 1, StrideWidth = 2, DilationHeight = 2, DilationWidth = 1, PaddingMode = PaddingMode.SameLower,
            Activation = Activation.LeakyRelu, LeakyReluSlope = 0.2f)]
        public static partial void Irregular(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>A 7×7 stride-2 stem at reduced size: 3×64×64 → 32×32×32, padding 3 (Winograd for stride 2 on Vector512; packed bands whose tiles loop over kernel rows on the other paths).</summary>
        [Conv2D(InChannels = 3, OutChannels = 32, InputHeight = 64, InputWidth = 64, KernelSize = 7, Stride = 2, Padding = 3)]
        public static partial void Stem7x7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>A 1-D signal layer (M5-style): 1×1×400 → 8×1×98, kernel 1×16, stride 4.</summary>
        [Conv2D(InChannels = 1, OutChannels = 8, InputHeight = 1, InputWidth = 400, KernelHeight = 1, KernelWidth = 16, StrideWidth = 4)]
        public static partial void Signal(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>An SSD-style head on a 3×3 map: 64×3×3 → 24×3×3, padding 1, bias (each output a dot product over its gathered window).</summary>
        [Conv2D(InChannels = 64, OutChannels = 24, InputHeight = 3, InputWidth = 3, KernelSize = 3, Padding = 1)]
        public static partial void SmallMapHead(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>AlexNet's first layer at reduced size: 3×100×100 → 24×24×24, kernel 11, stride 4, padding 2, ReLU (dot products over rows of gathered windows).</summary>
        [Conv2D(InChannels = 3, OutChannels = 24, InputHeight = 100, InputWidth = 100, KernelSize = 11, Stride = 4, Padding = 2, Activation = Activation.Relu)]
        public static partial void WideStride(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>
        /// EfficientNet's 5×5 depthwise shapes with fewer channels: 24×14×14, stride 2, Same padding (output rows four at a
        /// time down the whole plane, the edge blocks skipping input rows in padding), and 24×14×14, stride 1, bias and ReLU6.
        /// </summary>
        [Conv2D(InChannels = 24, OutChannels = 24, Groups = 24, InputHeight = 14, InputWidth = 14, KernelSize = 5, Stride = 2, PaddingMode = PaddingMode.Same)]
        public static partial void Depthwise5x5Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>The stride-1 twin of <see cref="Depthwise5x5Stride2"/>, with bias and ReLU6.</summary>
        [Conv2D(InChannels = 24, OutChannels = 24, Groups = 24, InputHeight = 14, InputWidth = 14, KernelSize = 5, PaddingMode = PaddingMode.Same, Activation = Activation.Relu6)]
        public static partial void Depthwise5x5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// MobileNetV2's 14×14 → 7×7 depthwise layer with fewer channels: 3×3, stride 2, bias and ReLU6. Each 7-wide output row
        /// is one 8-lane vector whose last lane is never stored, and each channel's plane is split by column parity first.
        /// </summary>
        [Conv2D(InChannels = 24, OutChannels = 24, Groups = 24, InputHeight = 14, InputWidth = 14, KernelSize = 3, Stride = 2, Padding = 1, Activation = Activation.Relu6)]
        public static partial void DepthwiseNarrowStride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// AlexNet's first layer with fewer channels and a smaller image: 11×11, stride 4, ReLU. Its bands are packed float by
        /// float (a stride above 2), and its tiles loop over kernel rows and columns.
        /// </summary>
        [Conv2D(InChannels = 3, OutChannels = 32, InputHeight = 67, InputWidth = 67, KernelSize = 11, Stride = 4, Padding = 2, Activation = Activation.Relu)]
        public static partial void AlexNetStem(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>
        /// AlexNet's second layer with fewer channels: 5×5, stride 1, padding 2 on a 27×27 map, bias and ReLU. F(2×2, 5×5) on
        /// Vector512; on the narrower paths its rows (84% of a vector's lanes) are packed in bands at stride 1.
        /// </summary>
        [Conv2D(InChannels = 24, OutChannels = 64, InputHeight = 27, InputWidth = 27, KernelSize = 5, Padding = 2, Activation = Activation.Relu)]
        public static partial void AlexNetFiveByFive(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// Inception-v3's 7×1 layer on the 17×17 map with fewer channels: its band is the whole plane, and the first and
        /// last vectors leave out the kernel rows they meet only on padding (three rows top and bottom).
        /// </summary>
        [Conv2D(InChannels = 32, OutChannels = 32, InputHeight = 17, InputWidth = 17, KernelHeight = 7, KernelWidth = 1, PadTop = 3, PadBottom = 3)]
        public static partial void InceptionSevenByOne(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>
        /// ConvNeXt's 7×7 depthwise layer with fewer channels: 56-wide rows two at a time in tiles of four vectors, which loop
        /// over the input rows that serve both rows.
        /// </summary>
        [Conv2D(InChannels = 8, OutChannels = 8, Groups = 8, InputHeight = 56, InputWidth = 56, KernelSize = 7, Padding = 3)]
        public static partial void ConvNeXtSevenBySeven(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// A 7×7 stride-2 depthwise layer: a tile of four rows × two vectors, 392 multiply-adds, that once had more locals
        /// than the JIT tracks and spilled (see JitOptimisationTests).
        /// </summary>
        [Conv2D(InChannels = 4, OutChannels = 4, Groups = 4, InputHeight = 56, InputWidth = 56, KernelSize = 7, Stride = 2, Padding = 3)]
        public static partial void DepthwiseSevenStride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>
        /// ConvNeXt's last-stage 7×7 depthwise window on its 7×7 map, 40 channels, bias: run in channel blocks of 32 (the
        /// second overlapping the first), copied channels last to the stack on the vector paths.
        /// </summary>
        [Conv2D(InChannels = 40, OutChannels = 40, Groups = 40, InputHeight = 7, InputWidth = 7, KernelSize = 7, Padding = 3)]
        public static partial void DepthwiseChannelBlocks(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// SSD's confidence head on its 5×5 map with fewer input channels, weights packed once (<c>PackedWeights</c>): run
        /// channels last, its input and output copied to and from the stack, output channels in vector lanes.
        /// </summary>
        [Conv2D(InChannels = 64, OutChannels = 126, InputHeight = 5, InputWidth = 5, KernelSize = 3, Padding = 1, PackedWeights = true)]
        public static partial void PackedSsdHead(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// A rate-12 branch of DeepLab's atrous pyramid with fewer channels, on its 33×33 map: run in window regions, each
        /// call's real taps packed and its sums kept on the stack.
        /// </summary>
        [Conv2D(InChannels = 32, OutChannels = 64, InputHeight = 33, InputWidth = 33, KernelSize = 3, Padding = 12, Dilation = 12, Activation = Activation.Relu)]
        public static partial void AtrousBranch(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// SSD's dilated fc6 with fewer input channels on its 19×19 map: 384 output channels' sums for a call pass the
        /// stack's share, so the Vector512 path packs the whole plane per chunk and adds into the output in region order.
        /// </summary>
        [Conv2D(InChannels = 48, OutChannels = 384, InputHeight = 19, InputWidth = 19, KernelSize = 3, Padding = 6, Dilation = 6)]
        public static partial void AtrousWholePlane(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>
        /// A ViT-style patch embedding of 32×32 patches with fewer output channels, on a 192×192 image: one channel's 1024
        /// taps at the 36 patches pass the stack's block, so the whole plane is packed a run of kernel rows at a time.
        /// </summary>
        [Conv2D(InChannels = 3, OutChannels = 64, InputHeight = 192, InputWidth = 192, KernelSize = 32, Stride = 32)]
        public static partial void PatchEmbedding(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// A WaveNet-style dilated layer on a 1-D signal: dilation 256 across, padded as much on each side, past the 64 an
        /// undilated axis takes (its limit is 64 × the dilation).
        /// </summary>
        [Conv2D(InChannels = 16, OutChannels = 32, InputHeight = 1, InputWidth = 2000, KernelHeight = 1, KernelWidth = 3, DilationWidth = 256, PadLeft = 256, PadRight = 256, Activation = Activation.LeakyRelu)]
        public static partial void WaveNetDilation256(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>
        /// A classifier as a 1×1 convolution on a 1×1 map (MobileNet's, with fewer classes): each weight row read in one
        /// pass, every load aligned to where the weights start in a vector.
        /// </summary>
        [Conv2D(InChannels = 1024, OutChannels = 100, InputHeight = 1, InputWidth = 1, KernelSize = 1)]
        public static partial void Classifier(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);
    }
}
