namespace StrideGen.Geometry
{
    /// <summary>
    /// The largest layers the generator accepts. They keep generation bounded in time and generated size; a layer past
    /// them is reported (SGEN009) and gets an implementation that throws instead of a kernel.
    /// </summary>
    internal static class LayerLimits
    {
        /// <summary>Channels (input or output) per layer.</summary>
        public const int MaxChannels = 65536;

        /// <summary>Input height or width.</summary>
        public const int MaxInputSize = 65536;

        /// <summary>Kernel height or width.</summary>
        public const int MaxKernel = 256;

        /// <summary>Stride or dilation on either axis.</summary>
        public const int MaxStrideOrDilation = 1024;

        /// <summary>
        /// Padding on any side of a layer, written or chosen by <c>PaddingMode.Same</c>/<c>SameLower</c>; a convolution's,
        /// times its dilation on that axis (<see cref="MaxConvPadding"/>). Output columns whose windows reach into padding
        /// get border code by which of their taps are real, so the padding, more than the kernel, sets how large a generated
        /// file grows: with at most 64 on a side every file stays under 200 KB (FuzzTests), whatever the other figures.
        /// </summary>
        public const int MaxPadding = 64;

        /// <summary>
        /// A convolution's padding on a side of an axis of dilation <paramref name="dilation"/>: <see cref="MaxPadding"/> ×
        /// the dilation. The windows of a dilated layer change their real taps only every dilation columns, so its border
        /// code is that of an undilated layer padded padding/dilation: WaveNet's and TCNs' layers of dilation 128 to 512,
        /// padded as much, are as small as a 3-tap layer padded 1 or 2.
        /// </summary>
        public static int MaxConvPadding(int dilation) => (int)System.Math.Min(int.MaxValue, (long)MaxPadding * System.Math.Max(1, dilation));

        /// <summary>
        /// Threads one call of a convolution runs on (<c>Threads</c>). Each part is a thread-pool work item and a generated
        /// part range, so this bounds what a call queues; far more than any machine's cores pays nothing.
        /// </summary>
        public const int MaxThreads = 64;

        /// <summary>Every tensor's length (input, weights, bias, output) must index a span.</summary>
        public const long MaxLength = int.MaxValue;
    }
}
