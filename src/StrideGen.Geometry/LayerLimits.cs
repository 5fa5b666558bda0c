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

        /// <summary>Padding on any side.</summary>
        public const int MaxPadding = 65536;

        /// <summary>Every tensor's length (input, weights, bias, output) must index a span.</summary>
        public const long MaxLength = int.MaxValue;
    }
}
