using System;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Decides whether a 3×3 to 7×7 stride-2 layer, or a 5×5 stride-1 one (F(2×2, 5×5)), runs as Winograd (see
    /// <see cref="TileRowWinogradPlan"/>) on its Vector512 path. Only NCHW, ungrouped, undilated layers padded less than
    /// the window (a 3×3 one at most 2) on a side, and only on Vector512: the products are summed in registers with
    /// AVX-512's broadcast operands (without them each multiply-add needs a load of its own, as the folded stride-1 path
    /// measured on Vector256). A layer takes it where the estimate puts it <see cref="MinGain"/> (stride 1:
    /// <see cref="StrideOneMinGain"/>) times cheaper than the window's multiply-adds: the transforms, the folds and the idle
    /// lanes of tile rows that do not fill their vectors count against the 1.44× (3×3), 1.78× (4×4), 2.04× (5×5), 2.25×
    /// (6×6) or 2.42× (7×7) fewer products, or 2.78× for 5×5 at stride 1. Measured on Zen 4 (one thread): ResNet's 64 → 128
    /// layer on 56×56 went from 1.03–1.04 ms to 0.88–0.89 ms in a prototype (docs/design/stride-two-winograd.md); with the
    /// 7-tap tables ResNet's 7×7 stem ran 1.62–1.70× faster than with the window, SqueezeNet's 1.8×.
    /// <para>
    /// The 4- and 6-tap windows (GAN discriminators' and pix2pix's 4×4 stride-2 layers, YOLOv5's 6×6 stem) borrow the
    /// 5- and 7-tap transforms' costs, which they undercut by a row and a term. A/B against the window (one process, Zen 4,
    /// one thread; estimate → measured): pix2pix's 64 → 128 on 128×128 1.41 → 1.43×, 128 → 256 on 64×64 1.17 → 1.12×, 3 → 64
    /// on 256×256 1.18 → 1.07×, a DCGAN discriminator's 3 → 64 on 64×64 1.11 → 1.43×; but pix2pix's discriminator's 6 → 64
    /// on 256×256 1.36 → 1.01×, 16 → 32 on 64×64 1.28 → 1.00× and a 6×6 32 → 64 on 96×96 1.28 → 0.99×: the estimate does
    /// not yet tell those apart, and they run at the window's speed.
    /// </para>
    /// </summary>
    internal static class TileRowWinogradPlanner
    {
        /// <summary>The transformed filters of a chunk of input channels (16, 49 or 81 floats a filter, every output channel) take at most 128 KB of stack.</summary>
        public const int FilterBytes = 128 * 1024;

        /// <summary>A tile row's transformed input and padded rows (and for 5 and 7 taps the input transform's scratch) take at most 96 KB (with the filters, 224 KB).</summary>
        public const int InputBytes = 96 * 1024;

        /// <summary>
        /// Fewer input channels a chunk than this and a 3×3 layer's folds (once per chunk) cost too much: it keeps the window.
        /// The wider windows' products outweigh their folds by more, so for them the estimate alone decides. Rows past about
        /// 300 columns leave room for fewer than 8 channels a chunk: at 8 this floor kept YOLO's stride-2 layers on 320-wide
        /// maps on the window, which ran them 1.23–1.29× slower (A/B: 16 → 32 on 240×320 and 320×320, 32 → 64 on 320×320,
        /// in chunks of 5 to 7).
        /// </summary>
        public const int MinInChannelChunk = 4;

        /// <summary>
        /// The layer takes the path where the estimate puts it at least this much cheaper than the window. A/B against the
        /// window in one process (Zen 4, one thread), forced on whatever the estimate: it was 0.99–1.08 times the measured
        /// gain over 15 layers (estimate 0.95 → 1.04× faster, MobileNet's 3 → 32 stem; 1.05–1.07 → 1.05–1.13×, YOLOv3's
        /// 64 → 128 and 128 → 256 layers; 1.15 → 1.17×, ResNet's 64 → 128 layer; 1.30 → 1.36×, a 16 → 96 layer on 64×64).
        /// The margin leaves room for machines whose transforms cost more beside their multiply-adds.
        /// </summary>
        public const double MinGain = 1.05;

        /// <summary>Estimated cost (in Vector512 multiply-adds) of transforming one input channel's tiles for one vector of a tile row: copying and de-interleaving 5 rows, Bᵀ both ways, 25 stores.</summary>
        private const double InputTransformCost = 100;

        /// <summary>Estimated cost of folding a group of 4 output channels' sums into their outputs and storing them (or adding to them), per vector of a tile row and chunk of input channels.</summary>
        private const double FoldCost = 60;

        /// <summary>Estimated cost of transforming one filter (9 weights to 16, four filters at a time).</summary>
        private const double FilterTransformCost = 10;

        /// <summary>The input transform's cost for 5 and 7 taps: 7 and 9 padded rows de-interleaved and transformed along, then 7 and 9 columns of positions down.</summary>
        private static readonly double[] WideInputTransformCost = { 250, 400 };

        /// <summary>The fold's cost for 5 and 7 taps (two channels at a time; its additions run beside the multiply-adds).</summary>
        private static readonly double[] WideFoldCost = { 170, 300 };

        /// <summary>The filter transform's cost for 5 and 7 taps (25 or 49 weights to 49 or 81, four filters at a time).</summary>
        private static readonly double[] WideFilterTransformCost = { 55, 120 };

        /// <summary>
        /// The input transform's, fold's and filter transform's costs for a 5×5 window at stride 1 (6 padded rows
        /// de-interleaved three times two ways and transformed along, then 6 columns of positions down; 6 positions a row
        /// folded; 25 weights to 36). Fitted on A/B runs against the window (Zen 4, one thread) with <see cref="StrideOneMinGain"/>:
        /// estimates of 2.0, 1.65 and 1.7 for GoogLeNet's 32 → 96 and AlexNet's 64 → 192 layers and a 128 → 256 one on 28×28
        /// measured 2.02×, 1.72× and 1.60× faster; 1.15 for Inception-v3's 48 → 64 and a 64 → 64 layer on 35×35 (18 tiles a
        /// row in two vectors) measured 1.10–1.11×. With few output channels the input transform weighs most: at 300 an
        /// 8 → 8 layer on 32×32 was estimated 1.24 and a 16 → 16 one on 20×20 1.02, and both ran 1.00–1.01×; at 400 the
        /// window keeps them (1.08 and 0.92), while 12 → 12 on 64×64 (1.30) measured 1.43×. With two tile rows a vector
        /// (<see cref="TileRowWinogradPlan.PairsTileRows"/>), the same costs held on maps up to 16 columns: estimates of
        /// 1.33–1.38 for GoogLeNet's 14×14 layers (16 → 48 to 32 → 128) measured 1.34–1.54×, 1.17 for 24 → 64 on 13×13
        /// 1.29×, 1.28 for 256 → 256 on 14×14 (86 chunks of 3 input channels) 1.34×, 1.78–1.81 on 16×16 maps 1.71–1.74×;
        /// 7×7 maps (4 tiles a row, half of each vector idle) stay with the window (estimate 0.58).
        /// </summary>
        private static readonly (double Input, double Fold, double Filter) StrideOneFiveCost = (400, 130, 45);

        /// <summary>
        /// A 5×5 stride-1 layer takes the path where the estimate puts it at least this much cheaper than the window, as the
        /// stride-1 3×3 path wants (<see cref="WinogradPlanner.MinGain"/>): the estimate ran up to 10% above the measured gain on
        /// rows that half fill their last vector of tiles.
        /// </summary>
        public const double StrideOneMinGain = 1.1;

        public static TileRowWinogradPlan? Plan(ConvShape shape)
        {
            if (!Applies(shape))
            {
                return null;
            }

            var probe = new TileRowWinogradPlan(shape, 1, PairsTileRows: TileRowWinogradPlan.CanPairTileRows(shape));
            int byFilters = FilterBytes / sizeof(float) / (probe.ChannelGroups * 4 * probe.FilterPositions);
            int byInput = (InputBytes / sizeof(float) - probe.ScratchFloats) / (probe.RowVectors * probe.Positions * 16 + probe.CopiedRows * probe.PaddedRow);
            int inChunk = Math.Min(shape.InChannels, Math.Min(byFilters, byInput));
            if (inChunk < Math.Min(probe.Taps == 3 ? MinInChannelChunk : 1, shape.InChannels))
            {
                return null;
            }

            int chunks = (shape.InChannels + inChunk - 1) / inChunk;
            var plan = probe with { InChannelChunk = (shape.InChannels + chunks - 1) / chunks }; // equal chunks
            if ((double)shape.MultiplyAccumulates / 16 < (plan.Stride == 1 ? StrideOneMinGain : MinGain) * Cost(plan))
            {
                return null;
            }

            plan = plan with { SplitsOutputChannels = shape.Threads > 1 && plan.ChannelGroups > 1 && PartCost(plan, splitsChannels: true) < PartCost(plan, splitsChannels: false) };
            return plan with { Parts = Math.Max(1, Math.Min(shape.Threads, plan.PartUnits)) };
        }

        /// <summary>
        /// The estimated cost of the largest part of a multi-threaded layer: split by tile rows, every part transforms every
        /// filter; split by groups of output channels, every part transforms the whole input. GoogLeNet's 32 → 128 layer on
        /// 14×14 (two tile rows a vector) splits its output channels (filters 22% of the estimate, input 6%); its 32 → 96 layer
        /// on 28×28 its tile rows (filters 7%, input 9%).
        /// </summary>
        private static double PartCost(TileRowWinogradPlan plan, bool splitsChannels)
        {
            var (products, input, fold, filter) = Costs(plan);
            int parts = Math.Max(1, Math.Min(plan.Shape.Threads, splitsChannels ? plan.ChannelGroups : plan.RowSteps));
            return splitsChannels ? input + (products + fold + filter) / parts : filter + (products + input + fold) / parts;
        }

        /// <summary>
        /// Whether the layer is one this path computes: a square window of 3, 5 or 7 taps at stride 2, or of 5 taps at stride
        /// 1, undilated, ungrouped, NCHW; a 3×3 window padded at most 2 on a side, the wider ones less than their size.
        /// </summary>
        public static bool Applies(ConvShape s) =>
            s.Layout == LayoutKind.Nchw && s.Groups == 1
            && s.KernelHeight == s.KernelWidth && s.StrideHeight == s.StrideWidth
            && (s.StrideHeight == 2 && s.KernelHeight is >= 3 and <= 7 || s.StrideHeight == 1 && s.KernelHeight == 5)
            && s.DilationHeight == 1 && s.DilationWidth == 1
            && Math.Max(Math.Max(s.PadTop, s.PadBottom), Math.Max(s.PadLeft, s.PadRight)) <= (s.KernelHeight == 3 ? 2 : s.KernelHeight - 1)
            && s.OutputHeight >= 1 && s.OutputWidth >= 1;

        /// <summary>
        /// The estimated cost in Vector512 multiply-adds: the products (25, 49 or 81) per vector of tiles, input channel and
        /// (padded) output channel, the input transform once, the fold of every group once per chunk of input channels, the
        /// filters once.
        /// </summary>
        public static double Cost(TileRowWinogradPlan plan)
        {
            var (products, input, fold, filter) = Costs(plan);
            return products + input + fold + filter;
        }

        /// <summary>The estimate's four terms (see <see cref="Cost"/>): products, input transform, folds, filter transform.</summary>
        private static (double Products, double Input, double Fold, double Filter) Costs(TileRowWinogradPlan plan)
        {
            var s = plan.Shape;
            var (input, fold, filter) = plan.Taps switch
            {
                _ when plan.Stride == 1 => StrideOneFiveCost,
                3 => (InputTransformCost, FoldCost, FilterTransformCost),
                4 or 5 => (WideInputTransformCost[0], WideFoldCost[0], WideFilterTransformCost[0]),
                _ => (WideInputTransformCost[1], WideFoldCost[1], WideFilterTransformCost[1]),
            };
            double vectors = plan.MapVectors;
            double products = (double)plan.Positions * vectors * s.InChannels * plan.ChannelGroups * 4;
            return (products, input * vectors * s.InChannels, fold * vectors * plan.ChannelGroups * plan.InChannelChunks, filter * (double)s.InChannels * s.OutChannels);
        }
    }
}
