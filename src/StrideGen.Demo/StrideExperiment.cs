using System;
using StrideGen;

namespace StrideGen.Demo
{
    /// <summary>
    /// The seed experiment: two small CNNs over the same 28×28 single-channel input, declared as From chains. Both have the
    /// same layers and weights; the second uses stride 2 in its later convolutions.
    /// </summary>
    internal static partial class Stride1Net
    {
        [Conv2D(InChannels = 1, OutChannels = 8, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]
        public static partial void Conv1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        [Conv2D(From = nameof(Conv1), OutChannels = 16, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]
        public static partial void Conv2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        [Conv2D(From = nameof(Conv2), OutChannels = 32, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]
        public static partial void Conv3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);
    }

    /// <summary>The same network with stride 2 in Conv2 and Conv3: same parameters, a quarter of the positions per stride.</summary>
    internal static partial class Stride2Net
    {
        [Conv2D(InChannels = 1, OutChannels = 8, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]
        public static partial void Conv1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        [Conv2D(From = nameof(Conv1), OutChannels = 16, KernelSize = 3, Stride = 2, Padding = 1, Activation = Activation.Relu)]
        public static partial void Conv2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        [Conv2D(From = nameof(Conv2), OutChannels = 32, KernelSize = 3, Stride = 2, Padding = 1, Activation = Activation.Relu)]
        public static partial void Conv3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);
    }
}
