namespace StrideGen.Geometry
{
    /// <summary>
    /// A convolution layer with every figure resolved: defaults applied, overrides taken, padding mode turned into pads,
    /// output size computed. Only built for a layer whose parameters are in range, so every derived length is exact.
    /// </summary>
    internal sealed record ConvShape(
        int InChannels,
        int InputHeight,
        int InputWidth,
        int OutChannels,
        int KernelHeight,
        int KernelWidth,
        int StrideHeight,
        int StrideWidth,
        int DilationHeight,
        int DilationWidth,
        int PadTop,
        int PadBottom,
        int PadLeft,
        int PadRight,
        int Groups,
        PaddingRule PaddingMode,
        ActivationKind Activation,
        float LeakyReluSlope,
        LayoutKind Layout,
        bool HasBias)
    {
        /// <summary>
        /// Threads a call runs on (the attribute's <c>Threads</c>, 1 to <see cref="LayerLimits.MaxThreads"/>): not part of
        /// the shape, but resolved with it. 1 unless written.
        /// </summary>
        public int Threads { get; init; } = 1;

        /// <summary>
        /// Whether the method reads weights packed by its generated <c>PackWeights</c> method (the attribute's
        /// <c>PackedWeights</c>): not part of the shape either; the packed weights are as many floats as the weights.
        /// </summary>
        public bool PackedWeights { get; init; }

        public ConvAxis Rows => new(InputHeight, KernelHeight, StrideHeight, DilationHeight, PadTop, PadBottom);

        public ConvAxis Columns => new(InputWidth, KernelWidth, StrideWidth, DilationWidth, PadLeft, PadRight);

        public long OutputHeight => Rows.Output;

        public long OutputWidth => Columns.Output;

        /// <summary>Input channels each output channel reads: InChannels / Groups.</summary>
        public int InChannelsPerGroup => InChannels / Groups;

        /// <summary>Output channels each group produces: OutChannels / Groups.</summary>
        public int OutChannelsPerGroup => OutChannels / Groups;

        public long InputLength => (long)InChannels * InputHeight * InputWidth;

        public long WeightLength => (long)OutChannels * InChannelsPerGroup * KernelHeight * KernelWidth;

        /// <summary>One bias per output channel when the method takes a bias span, else 0.</summary>
        public long BiasLength => HasBias ? OutChannels : 0;

        public long OutputLength => OutChannels * OutputHeight * OutputWidth;

        /// <summary>Weights plus bias: the layer's learned values.</summary>
        public long Parameters => WeightLength + BiasLength;

        /// <summary>OutChannels · OutputHeight · OutputWidth · (InChannels / Groups) · KernelHeight · KernelWidth.</summary>
        public long MultiplyAccumulates => OutputLength * InChannelsPerGroup * KernelHeight * KernelWidth;
    }
}
