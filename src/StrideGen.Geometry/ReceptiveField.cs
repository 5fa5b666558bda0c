namespace StrideGen.Geometry
{
    /// <summary>
    /// The input region one output value sees (<see cref="Height"/> × <see cref="Width"/>) and the distance in input pixels
    /// between neighbouring outputs (<see cref="JumpHeight"/>, <see cref="JumpWidth"/>), measured on the first layer's input.
    /// </summary>
    internal readonly record struct ReceptiveField(long Height, long Width, long JumpHeight, long JumpWidth)
    {
        /// <summary>A network's input: every value sees itself, and neighbours are one pixel apart.</summary>
        public static ReceptiveField Input => new(1, 1, 1, 1);

        /// <summary>After one more layer: r_out = r_in + (k_eff − 1)·j_in, j_out = j_in·stride, with k_eff = dilation·(k − 1) + 1.</summary>
        public ReceptiveField Through(ConvAxis rows, ConvAxis columns) => new(
            Height + (rows.EffectiveKernel - 1) * JumpHeight,
            Width + (columns.EffectiveKernel - 1) * JumpWidth,
            JumpHeight * rows.Stride,
            JumpWidth * columns.Stride);
    }
}
