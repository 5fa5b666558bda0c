namespace StrideGen.Geometry
{
    /// <summary>
    /// A layer attribute's named arguments exactly as written (<c>[Conv2D]</c>, <c>[MaxPool2D]</c>, <c>[AvgPool2D]</c>):
    /// <c>null</c> means "not written", so that defaults, overrides (<c>KernelHeight</c> over <c>KernelSize</c>) and
    /// conflicts can be told apart. Enum arguments are their numbers. Properties a kind does not have stay null.
    /// </summary>
    internal sealed record LayerDeclaration
    {
        public LayerKind Kind { get; init; }
        public int? InChannels { get; init; }
        public int? OutChannels { get; init; }
        public int? Channels { get; init; }
        public int? InputHeight { get; init; }
        public int? InputWidth { get; init; }
        public int? KernelSize { get; init; }
        public int? KernelHeight { get; init; }
        public int? KernelWidth { get; init; }
        public int? Stride { get; init; }
        public int? StrideHeight { get; init; }
        public int? StrideWidth { get; init; }
        public int? Padding { get; init; }
        public int? PadTop { get; init; }
        public int? PadBottom { get; init; }
        public int? PadLeft { get; init; }
        public int? PadRight { get; init; }
        public int? PaddingMode { get; init; }
        public int? Dilation { get; init; }
        public int? DilationHeight { get; init; }
        public int? DilationWidth { get; init; }
        public int? Groups { get; init; }
        public int? Activation { get; init; }
        public float? LeakyReluSlope { get; init; }
        public int? Layout { get; init; }
        public bool? CeilMode { get; init; }
        public bool? CountIncludePad { get; init; }
        public string? From { get; init; }
        public int? Threads { get; init; }
        public bool? PackedWeights { get; init; }

        /// <summary>Whether the method takes a bias span (convolution: weights, bias, output).</summary>
        public bool HasBias { get; init; }
    }
}
