using System;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Decides whether a 3×3 stride-2 layer runs as Winograd (see <see cref="StrideTwoWinogradPlan"/>) on its Vector512
    /// path. Only NCHW, ungrouped, undilated layers padded at most 2 on a side, on Vector512: the products are summed in
    /// registers with AVX-512's broadcast operands (without them each multiply-add needs a load of its own, as the folded
    /// stride-1 path measured on Vector256). A layer takes it where the estimate puts it <see cref="MinGain"/> times
    /// cheaper than the window's multiply-adds: the transforms, the folds and the idle lanes of tile rows that do not
    /// fill their vectors count against the 1.44× fewer products. Measured on Zen 4 (one thread): ResNet's 64 → 128 layer
    /// on 56×56 went from 1.03–1.04 ms to 0.88–0.89 ms in a prototype (docs/design/stride-two-winograd.md).
    /// </summary>
    internal static class StrideTwoWinogradPlanner
    {
        /// <summary>The transformed filters of a chunk of input channels (16 floats a filter, every output channel) take at most 128 KB of stack.</summary>
        public const int FilterBytes = 128 * 1024;

        /// <summary>A tile row's transformed input and padded rows take at most 96 KB (with the filters, 224 KB).</summary>
        public const int InputBytes = 96 * 1024;

        /// <summary>Fewer input channels a chunk than this and the folds (once per chunk) cost too much: the layer keeps the window.</summary>
        public const int MinInChannelChunk = 8;

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

        public static StrideTwoWinogradPlan? Plan(ConvShape shape)
        {
            if (!Applies(shape))
            {
                return null;
            }

            var probe = new StrideTwoWinogradPlan(shape, 1);
            int byFilters = FilterBytes / sizeof(float) / (probe.ChannelGroups * 4 * 16);
            int byInput = InputBytes / sizeof(float) / (probe.RowVectors * 25 * 16 + 5 * probe.PaddedRow);
            int inChunk = Math.Min(shape.InChannels, Math.Min(byFilters, byInput));
            if (inChunk < Math.Min(MinInChannelChunk, shape.InChannels))
            {
                return null;
            }

            int chunks = (shape.InChannels + inChunk - 1) / inChunk;
            var plan = probe with { InChannelChunk = (shape.InChannels + chunks - 1) / chunks }; // equal chunks
            if ((double)shape.MultiplyAccumulates / 16 < MinGain * Cost(plan))
            {
                return null;
            }

            return plan with { Parts = Math.Max(1, Math.Min(shape.Threads, plan.TileRows)) };
        }

        /// <summary>Whether the layer is one this path computes: a 3×3 window at stride 2, undilated, ungrouped, NCHW, padded at most 2 on a side.</summary>
        public static bool Applies(ConvShape s) =>
            s.Layout == LayoutKind.Nchw && s.Groups == 1
            && s.KernelHeight == 3 && s.KernelWidth == 3 && s.StrideHeight == 2 && s.StrideWidth == 2
            && s.DilationHeight == 1 && s.DilationWidth == 1
            && s.PadTop <= 2 && s.PadBottom <= 2 && s.PadLeft <= 2 && s.PadRight <= 2
            && s.OutputHeight >= 1 && s.OutputWidth >= 1;

        /// <summary>
        /// The estimated cost in Vector512 multiply-adds: 25 products per vector of tiles, input channel and (padded) output
        /// channel, the input transform once, the fold of every group once per chunk of input channels, the filters once.
        /// </summary>
        public static double Cost(StrideTwoWinogradPlan plan)
        {
            var s = plan.Shape;
            double vectors = (double)plan.TileRows * plan.RowVectors;
            double products = 25.0 * vectors * s.InChannels * plan.ChannelGroups * 4;
            double input = InputTransformCost * vectors * s.InChannels;
            double folds = FoldCost * vectors * plan.ChannelGroups * plan.InChannelChunks;
            double filters = FilterTransformCost * (double)s.InChannels * s.OutChannels;
            return products + input + folds + filters;
        }
    }
}
