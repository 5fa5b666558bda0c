using System;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Decides whether a layer runs as Winograd's F(2×2, 3×3) (see <see cref="WinogradPlan"/>), and how each vector path
    /// blocks it. Only 3×3 windows at stride 1, undilated and ungrouped, NCHW: the layers where the window's
    /// 9 multiply-adds per output are the whole cost, and the layer's own kernel already runs near the FMA peak. The
    /// transforms cost time of their own (the input's rows combined and de-interleaved, each output tile's sums folded
    /// back, each filter transformed on every call, since the weights may change between calls), so a path takes the
    /// layer only where a cost estimate puts it at least <see cref="MinGain"/> times faster than the window's multiply-adds
    /// at the peak. Measured on Zen 4 (Vector512, one thread): ResNet's 64 → 64 layer on 56×56 went from 1.98 ms to
    /// 1.3–1.4 ms; ONNX Runtime takes 2.0 ms.
    /// </summary>
    internal static class WinogradPlanner
    {
        /// <summary>The transformed filters of a chunk of output channels take at most 128 KB of stack (16 floats per filter where the weights have 9; each of the 16 planes a cache line more).</summary>
        public const int FilterBytes = 128 * 1024;

        /// <summary>A block's sums (16 per tile and output channel of the chunk) take at most 64 KB (and the planes' cache lines).</summary>
        public const int SumBytes = 64 * 1024;

        /// <summary>A block's transformed input (16 per tile and input channel of the chunk) takes at most 32 KB (and the planes' cache lines).</summary>
        public const int InputBytes = 32 * 1024;

        /// <summary>The combined rows of a chunk of input channels (4 a channel) take at most 32 KB.</summary>
        public const int CombinedRowBytes = 32 * 1024;

        /// <summary>
        /// A path takes the layer where the estimate puts it at least this much faster than the window at the FMA peak.
        /// Against the sweep's layers (Vector512): the estimate put the ones it takes at 1.11–1.44 and they ran 1.05–1.64×
        /// faster; it put VGG's 64-channel layer on 224×224 at 0.96 (it ran 0.74×: input channels 4 at a time).
        /// </summary>
        public const double MinGain = 1.1;

        /// <summary>
        /// Each chunk of input channels reloads and stores a register tile's sums: counted as this many multiply-adds per
        /// multiply-add and input channel of the chunk.
        /// </summary>
        private const double SumReloadCost = 2;

        /// <summary>Estimated cost (in vector multiply-adds) of transforming one input channel's tiles for one tile row and vector of tiles: measured on Zen 4, about 100 cycles.</summary>
        private const double InputTransformCost = 100;

        /// <summary>Estimated cost of folding one output channel's sums back to outputs, per tile row and vector of tiles (about 60 cycles).</summary>
        private const double OutputTransformCost = 60;

        /// <summary>Estimated cost of transforming one filter (9 weights to 16), scalar, per 16 lanes of a vector multiply-add.</summary>
        private const double FilterTransformCost = 30;

        public static WinogradPlan? Plan(ConvShape shape)
        {
            if (!Applies(shape))
            {
                return null;
            }

            var vector512 = PlanPath(shape, VectorTarget.Vector512, tileChannels: 8, groupVectors: 2);
            var vector256 = PlanPath(shape, VectorTarget.Vector256, tileChannels: 4, groupVectors: 2);
            var vector128 = PlanPath(shape, VectorTarget.Vector128, tileChannels: 4, groupVectors: 2);
            return vector512 is null && vector256 is null && vector128 is null ? null : new WinogradPlan(shape, vector512, vector256, vector128);
        }

        /// <summary>
        /// Whether the layer is one F(2×2, 3×3) computes: a 3×3 window at stride 1, undilated, ungrouped, NCHW, padded at
        /// most 2 on a side, rows at least 4 wide.
        /// </summary>
        public static bool Applies(ConvShape s) =>
            s.Layout == LayoutKind.Nchw && s.Groups == 1
            && s.KernelHeight == 3 && s.KernelWidth == 3 && s.StrideHeight == 1 && s.StrideWidth == 1
            && s.DilationHeight == 1 && s.DilationWidth == 1
            && s.PadTop <= 2 && s.PadBottom <= 2 && s.PadLeft <= 2 && s.PadRight <= 2
            && s.InputWidth >= 4 && s.OutputHeight >= 1 && s.OutputWidth >= 1;

        /// <summary>
        /// The cheapest blocking of one path by the estimate (<see cref="Cost"/>) among every count of tile rows a block
        /// can hold, or null where even that is not <see cref="MinGain"/> times cheaper than the window's multiply-adds.
        /// </summary>
        private static WinogradPath? PlanPath(ConvShape s, VectorTarget target, int tileChannels, int groupVectors)
        {
            int tileRows = (int)((s.OutputHeight + 1) / 2), tilesPerRow = (int)((s.OutputWidth + 1) / 2);
            int maxChunkByFilters = FilterBytes / sizeof(float) / 16 / s.InChannels / tileChannels * tileChannels;
            WinogradPath? best = null;
            double bestCost = double.MaxValue;
            for (int blockRows = 1; blockRows <= tileRows; blockRows++)
            {
                var probe = new WinogradPath(target, s.InChannels, tileChannels, tileChannels, groupVectors, 1, blockRows, tileRows, tilesPerRow);
                int maxChunkBySums = SumBytes / sizeof(float) / 16 / probe.BlockStride / tileChannels * tileChannels;
                int maxChunk = Math.Min(maxChunkByFilters, maxChunkBySums);
                if (maxChunk < tileChannels)
                {
                    break; // a larger block only needs more room
                }

                // Equal chunks of output channels, each a whole number of register tiles.
                int chunks = (s.OutChannels + maxChunk - 1) / maxChunk;
                int chunk = RoundUp((s.OutChannels + chunks - 1) / chunks, tileChannels);
                int inChunk = Math.Min(s.InChannels, Math.Min(
                    InputBytes / sizeof(float) / 16 / probe.BlockStride,
                    CombinedRowBytes / sizeof(float) / 4 / probe.CombinedRow));
                if (inChunk < 1)
                {
                    break;
                }

                var path = probe with { ChannelChunk = chunk, InChannelChunk = inChunk };
                double cost = Cost(s, path);
                if (cost < bestCost)
                {
                    (best, bestCost) = (path, cost);
                }
            }

            double window = (double)s.MultiplyAccumulates / target.Width;
            return best is not null && window >= MinGain * bestCost ? best with { Parts = Math.Min(s.Threads, best.Blocks) } : null;
        }

        /// <summary>
        /// The estimated cost of a path in vector multiply-adds: the 16 products of every tile vector, input channel and
        /// (padded) output channel, with the sums' reloads of each chunk of input channels, the input transform once per
        /// chunk of output channels, the output transform once, and the filter transform (scalar) once.
        /// </summary>
        public static double Cost(ConvShape s, WinogradPath path)
        {
            int chunks = (s.OutChannels + path.ChannelChunk - 1) / path.ChannelChunk;
            double products = 16.0 * chunks * path.ChannelChunk * s.InChannels * path.Blocks * path.BlockVectors * (1 + SumReloadCost / path.InChannelChunk);
            double input = InputTransformCost * chunks * s.InChannels * path.TileRows * path.RowVectors;
            double output = OutputTransformCost * s.OutChannels * path.TileRows * path.RowVectors;
            double filters = FilterTransformCost * 16.0 / path.Lanes * s.InChannels * s.OutChannels;
            return products + input + output + filters;
        }

        private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
    }
}
