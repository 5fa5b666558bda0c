using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Decides whether a layer runs over its input split into column phases (see <see cref="ColumnPhasePlan"/>): NCHW,
    /// ungrouped, undilated along the rows, at stride 2 or more along them, a window at least two strides wide, weights as
    /// declared (OIHW). The split input and filters live on the stack, and each call writes them (each part of a
    /// multi-threaded layer on its own thread's stack, then runs its part of the derived layer), so
    /// the layer must be small enough for both and have many multiply-adds per float it copies; and its widest path must
    /// otherwise run in place (bands, gathered windows and regions load contiguously already). These are the first layers
    /// of raw-audio networks, whose rows are too long for bands (a band holds K shifted copies of the row). Measured (sweep,
    /// one thread, Zen 4; ONNX Runtime's time over ours, in place → phases): M5's 80 taps at stride 4 over 16000 samples,
    /// 128 filters, 0.62 → 1.07 (1254 → 738–756 µs); the torchaudio tutorial's M5, 80 taps at stride 16 over 8000, 32
    /// filters, 0.61 → 1.02 (42.2 → 25.2 µs; 0.91 while the splits went a float at a time phase by phase); SoundNet's 64
    /// taps at stride 2 over 22050, padded 32, 16 filters, 0.72 → 1.04 (304 → 208 µs).
    /// </summary>
    internal static class ColumnPhasePlanner
    {
        /// <summary>The split input takes at most 96 KB of stack.</summary>
        public const int MaxSplitFloats = 24 * 1024;

        /// <summary>The split filters take at most 64 KB of stack.</summary>
        public const int MaxFilterFloats = 16 * 1024;

        /// <summary>
        /// The derived window, s·ceil(K / s) taps a row, has at most this many times the layer's K: its taps past K are
        /// zeros that cost multiply-adds (a 3-tap window at stride 2 would take 4, an 11-tap one at stride 4 12).
        /// </summary>
        public const double MaxTapGrowth = 1.125;

        /// <summary>
        /// The copies (about a float a cycle) cost at most this share of the multiply-adds at 16 a cycle: the split input
        /// is the whole input again, and the filters are split on every call, since the weights may change between calls.
        /// </summary>
        public const double MaxCopyShare = 0.2;

        public static ColumnPhasePlan? Plan(ConvShape shape)
        {
            int stride = shape.StrideWidth, taps = (shape.KernelWidth + stride - 1) / stride;
            if (shape.Layout != LayoutKind.Nchw || shape.Groups != 1 || stride < 2 || shape.DilationWidth != 1 || shape.PackedWeights
                || taps < 2 || stride * taps > MaxTapGrowth * shape.KernelWidth || shape.OutputWidth < 1 || shape.OutputHeight < 1)
            {
                return null;
            }

            // Output column ow reads phase floats ow .. ow + taps − 1: the derived rows are that long, its output as wide as the layer's.
            var derived = shape with
            {
                InChannels = shape.InChannels * stride,
                InputWidth = (int)shape.OutputWidth + taps - 1,
                KernelWidth = taps,
                StrideWidth = 1,
                PadLeft = 0,
                PadRight = 0,
                PaddingMode = PaddingRule.Explicit,
            };
            var plan = new ColumnPhasePlan(shape, derived);
            if (plan.SplitFloats > MaxSplitFloats || plan.FilterFloats > MaxFilterFloats
                || (plan.SplitFloats + plan.FilterFloats) * 16.0 > MaxCopyShare * shape.MultiplyAccumulates)
            {
                return null;
            }

            // Bands, gathered windows and regions already load every vector contiguously: only a layer whose widest path
            // would run in place, gathering or permuting its strided lanes, is split. A layer that runs as stride-2 Winograd
            // (4×4 to 7×7 windows) keeps it: fewer multiply-adds beat contiguous loads.
            var own = KernelPlanner.Plan(shape).Vector512;
            return own is { Band: null, Dot: null, Regions: null, Flat: false } && TileRowWinogradPlanner.Plan(shape) is null ? plan : null;
        }
    }
}
