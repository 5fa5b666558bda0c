using System;

namespace StrideGen.Kernels.Fixtures
{
    /// <summary>
    /// Multi-threaded layers (<c>Threads</c> &gt; 1), each beside its one-thread twin (the same declaration without
    /// <c>Threads</c>, named <c>…OneThread</c>): the kernel tests compare the two bit for bit. Between them they take every
    /// way the work is split: output-channel tiles with a remainder, whole groups, depthwise, NHWC rows, three threads,
    /// packed bands of rows (and a single band's channel tiles), and a layer with a single channel tile that runs as one part.
    /// </summary>
    public static partial class ParallelLayers
    {
        /// <summary>23 output channels, which no path's tile divides: split by tiles, the remainder tile in the last part; bias and leaky ReLU.</summary>
        [Conv2D(InChannels = 16, OutChannels = 23, InputHeight = 30, InputWidth = 30, KernelSize = 3, Padding = 1,
            Activation = Activation.LeakyRelu, LeakyReluSlope = 0.1f, Threads = 2)]
        public static partial void TilesWithRemainder(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>The one-thread twin of <see cref="TilesWithRemainder"/>.</summary>
        [Conv2D(InChannels = 16, OutChannels = 23, InputHeight = 30, InputWidth = 30, KernelSize = 3, Padding = 1,
            Activation = Activation.LeakyRelu, LeakyReluSlope = 0.1f)]
        public static partial void TilesWithRemainderOneThread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>4 groups on 2 threads: whole groups per part; ReLU6.</summary>
        [Conv2D(InChannels = 16, OutChannels = 24, Groups = 4, InputHeight = 26, InputWidth = 26, KernelSize = 3, Stride = 2,
            PaddingMode = PaddingMode.Same, Activation = Activation.Relu6, Threads = 2)]
        public static partial void Grouped(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>The one-thread twin of <see cref="Grouped"/>.</summary>
        [Conv2D(InChannels = 16, OutChannels = 24, Groups = 4, InputHeight = 26, InputWidth = 26, KernelSize = 3, Stride = 2,
            PaddingMode = PaddingMode.Same, Activation = Activation.Relu6)]
        public static partial void GroupedOneThread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>2 groups on 3 threads, 16 output channels each: more tiles than groups, so each group's tiles are split.</summary>
        [Conv2D(InChannels = 8, OutChannels = 32, Groups = 2, InputHeight = 20, InputWidth = 20, KernelSize = 3, Threads = 3)]
        public static partial void FewGroupsThreeThreads(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>The one-thread twin of <see cref="FewGroupsThreeThreads"/>.</summary>
        [Conv2D(InChannels = 8, OutChannels = 32, Groups = 2, InputHeight = 20, InputWidth = 20, KernelSize = 3)]
        public static partial void FewGroupsThreeThreadsOneThread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>Depthwise, 32 channels, with bias: 32 groups over 2 threads.</summary>
        [Conv2D(InChannels = 32, OutChannels = 32, Groups = 32, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1, Threads = 2)]
        public static partial void Depthwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>The one-thread twin of <see cref="Depthwise"/>.</summary>
        [Conv2D(InChannels = 32, OutChannels = 32, Groups = 32, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1)]
        public static partial void DepthwiseOneThread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>Depthwise 5×5 stride 2 on 14×14 (7-wide rows, each channel's plane split by column parity) over 2 threads: each part splits its own channels.</summary>
        [Conv2D(InChannels = 15, OutChannels = 15, Groups = 15, InputHeight = 14, InputWidth = 14, KernelSize = 5, Stride = 2, PaddingMode = PaddingMode.Same, Threads = 2)]
        public static partial void DepthwiseNarrowRows(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>The one-thread twin of <see cref="DepthwiseNarrowRows"/>.</summary>
        [Conv2D(InChannels = 15, OutChannels = 15, Groups = 15, InputHeight = 14, InputWidth = 14, KernelSize = 5, Stride = 2, PaddingMode = PaddingMode.Same)]
        public static partial void DepthwiseNarrowRowsOneThread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>Three threads over 40 output channels, stride 2, ReLU.</summary>
        [Conv2D(InChannels = 8, OutChannels = 40, InputHeight = 33, InputWidth = 33, KernelSize = 3, Stride = 2, Padding = 1,
            Activation = Activation.Relu, Threads = 3)]
        public static partial void ThreeThreads(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>The one-thread twin of <see cref="ThreeThreads"/>.</summary>
        [Conv2D(InChannels = 8, OutChannels = 40, InputHeight = 33, InputWidth = 33, KernelSize = 3, Stride = 2, Padding = 1,
            Activation = Activation.Relu)]
        public static partial void ThreeThreadsOneThread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>2 output channels are one channel tile on every path: the plan runs it as one part, on the caller's thread.</summary>
        [Conv2D(InChannels = 4, OutChannels = 2, InputHeight = 24, InputWidth = 24, KernelSize = 3, Threads = 2)]
        public static partial void OneTile(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>The one-thread twin of <see cref="OneTile"/>.</summary>
        [Conv2D(InChannels = 4, OutChannels = 2, InputHeight = 24, InputWidth = 24, KernelSize = 3)]
        public static partial void OneTileOneThread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>A stride-2 layer on packed bands (32 output channels, 14 bands of output rows): whole bands per part, each part packing its own; bias and ReLU.</summary>
        [Conv2D(InChannels = 24, OutChannels = 32, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1,
            Activation = Activation.Relu, Threads = 2)]
        public static partial void PackedBands(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>The one-thread twin of <see cref="PackedBands"/>.</summary>
        [Conv2D(InChannels = 24, OutChannels = 32, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1,
            Activation = Activation.Relu)]
        public static partial void PackedBandsOneThread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>A stride-2 layer whose 7×7 output is one packed band, on 3 threads: its 40 output channels' tiles are split instead.</summary>
        [Conv2D(InChannels = 32, OutChannels = 40, InputHeight = 14, InputWidth = 14, KernelSize = 3, Stride = 2, Padding = 1, Threads = 3)]
        public static partial void PackedOneBand(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>The one-thread twin of <see cref="PackedOneBand"/>.</summary>
        [Conv2D(InChannels = 32, OutChannels = 40, InputHeight = 14, InputWidth = 14, KernelSize = 3, Stride = 2, Padding = 1)]
        public static partial void PackedOneBandOneThread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>NHWC, 24 output channels, padding 1, bias and ReLU on 2 threads: output rows split, border rows included.</summary>
        [Conv2D(InChannels = 16, OutChannels = 24, InputHeight = 27, InputWidth = 27, KernelSize = 3, Padding = 1,
            Activation = Activation.Relu, Layout = TensorLayout.Nhwc, Threads = 2)]
        public static partial void Nhwc(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>The one-thread twin of <see cref="Nhwc"/>.</summary>
        [Conv2D(InChannels = 16, OutChannels = 24, InputHeight = 27, InputWidth = 27, KernelSize = 3, Padding = 1,
            Activation = Activation.Relu, Layout = TensorLayout.Nhwc)]
        public static partial void NhwcOneThread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        /// <summary>NHWC depthwise, stride 2, on 3 threads: 14 output rows in parts of 4, 5 and 5.</summary>
        [Conv2D(InChannels = 32, OutChannels = 32, Groups = 32, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2,
            PaddingMode = PaddingMode.Same, Layout = TensorLayout.Nhwc, Threads = 3)]
        public static partial void NhwcDepthwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        /// <summary>The one-thread twin of <see cref="NhwcDepthwise"/>.</summary>
        [Conv2D(InChannels = 32, OutChannels = 32, Groups = 32, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2,
            PaddingMode = PaddingMode.Same, Layout = TensorLayout.Nhwc)]
        public static partial void NhwcDepthwiseOneThread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    }
}
