using System;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Decides whether an NHWC layer runs as Winograd's F(2×2, 3×3) with its channels in the vector lanes (see
    /// <see cref="NhwcWinogradPlan"/>), and how each vector path chunks and blocks it. Only 3×3 windows at stride 1,
    /// undilated and ungrouped, weights HWIO, with both channel counts a multiple of the path's
    /// lanes; a path takes the layer where the estimate puts it at least <see cref="MinGain"/> times cheaper than the
    /// window's multiply-adds. The products are 16 per tile where the window's are 36, so the transforms decide: each
    /// call transforms every filter (the weights may change between calls), each input tile once per chunk of output
    /// channels, and each output tile once per chunk of input channels.
    /// </summary>
    internal static class NhwcWinogradPlanner
    {
        /// <summary>The transformed filters of a chunk pair take at most 128 KB of stack (16 floats per filter where the weights have 9).</summary>
        public const int FilterBytes = 128 * 1024;

        /// <summary>A block's transformed input (16 floats per tile and input channel of the chunk) takes at most 64 KB.</summary>
        public const int InputBytes = 64 * 1024;

        /// <summary>A block's sums (16 floats per tile and output channel of the chunk) take at most 64 KB.</summary>
        public const int SumBytes = 64 * 1024;

        /// <summary>Output channels per chunk at most: more would leave too little of the filter block for input channels.</summary>
        private const int MaxOutChunk = 128;

        /// <summary>
        /// A path takes the layer where the estimate puts it at least this much cheaper than the window's multiply-adds on real
        /// input. Measured against the layer's own NHWC kernel (A/B medians, Zen 4, Vector512 then Vector256; estimate in
        /// brackets): 64 channels on 56×56 1.96× and 2.02× (1.70), 128 on 28×28 1.82× and 2.09× (1.65), 256 on 14×14 1.48×
        /// and 1.45× (1.50), 96 → 64 on 15×13 1.39× and 1.34× (1.29), 128 on 10×10 1.28× and 1.16× (1.35).
        /// </summary>
        public const double MinGain = 1.25;

        /// <summary>
        /// Maps of fewer tiles keep the window whatever the estimate: each filter is transformed for only a few tiles' products
        /// there, and the estimate errs most (256 channels on 8×8, 16 tiles: estimated 1.23, ran 1.03× on Vector512 and 0.88×
        /// on Vector256; 512 on 7×7: 0.76× on both).
        /// </summary>
        public const int MinTiles = 25;

        /// <summary>The products' speed per multiply-add against the window kernel's (its register tiles are fed from L1 with short loops: fitted on the layers listed at <see cref="MinGain"/>).</summary>
        private const double ProductEfficiency = 0.85;

        /// <summary>Estimated cost, in vector multiply-adds, of one input tile's transform per vector of input channels: 16 loads, 32 additions, 16 stores.</summary>
        private const double InputTransformCost = 24;

        /// <summary>Estimated cost of one output tile's fold per vector of output channels: 16 loads, 24 additions, 4 stores.</summary>
        private const double OutputTransformCost = 20;

        /// <summary>What each later chunk of input channels adds to a fold: the 4 outputs read back and added to.</summary>
        private const double AccumulateCost = 8;

        /// <summary>
        /// Estimated cost of one filter's transform per vector of output channels: 9 loads from as many taps' rows of the
        /// weights (from L3 when they are large), 16 multiply-adds and additions, 16 stores.
        /// </summary>
        private const double FilterTransformCost = 60;

        /// <summary>Each register tile's call: its accumulators cleared and stored, and the call's own few instructions.</summary>
        private const double GroupCallCost = 20;

        /// <summary>Where a register tile holds one vector of output channels, its broadcasts are one a multiply-add: counted at this efficiency.</summary>
        private const double OneVectorEfficiency = 0.95;

        public static NhwcWinogradPlan? Plan(ConvShape shape)
        {
            if (!Applies(shape))
            {
                return null;
            }

            var vector512 = PlanPath(shape, VectorTarget.Vector512);
            var vector256 = PlanPath(shape, VectorTarget.Vector256);
            var vector128 = PlanPath(shape, VectorTarget.Vector128);
            return vector512 is null && vector256 is null && vector128 is null ? null : new NhwcWinogradPlan(shape, vector512, vector256, vector128);
        }

        /// <summary>
        /// Whether the layer is one this kernel computes: NHWC, a 3×3 window at stride 1, undilated, ungrouped, padded at most
        /// 2 on a side. (An NHWC layer's packed weights are its HWIO weights as they are, so <c>PackedWeights</c> changes nothing here.)
        /// </summary>
        public static bool Applies(ConvShape s) =>
            s.Layout == LayoutKind.Nhwc && s.Groups == 1
            && s.KernelHeight == 3 && s.KernelWidth == 3 && s.StrideHeight == 1 && s.StrideWidth == 1
            && s.DilationHeight == 1 && s.DilationWidth == 1
            && s.PadTop <= 2 && s.PadBottom <= 2 && s.PadLeft <= 2 && s.PadRight <= 2
            && s.OutputHeight >= 1 && s.OutputWidth >= 1;

        /// <summary>The cheapest chunking of one path by the estimate, or null where the channels do not fit its lanes or no chunking is <see cref="MinGain"/> times cheaper than the window.</summary>
        internal static NhwcWinogradPath? PlanPath(ConvShape s, VectorTarget target)
        {
            int lanes = target.Width;
            if (s.InChannels % lanes != 0 || s.OutChannels % lanes != 0)
            {
                return null;
            }

            int tileRows = (int)((s.OutputHeight + 1) / 2), tilesPerRow = (int)((s.OutputWidth + 1) / 2);
            if (tileRows * tilesPerRow < MinTiles)
            {
                return null;
            }

            NhwcWinogradPath? best = null;
            double bestCost = double.MaxValue;
            for (int outChunk = lanes; outChunk <= Math.Min(s.OutChannels, MaxOutChunk); outChunk += lanes)
            {
                if (s.OutChannels % outChunk != 0)
                {
                    continue;
                }

                for (int inChunk = lanes; inChunk <= s.InChannels; inChunk += lanes)
                {
                    if (s.InChannels % inChunk != 0 || 16L * inChunk * outChunk * sizeof(float) > FilterBytes)
                    {
                        continue;
                    }

                    var path = Blocked(target, outChunk, inChunk, tileRows, tilesPerRow);
                    double cost = Cost(s, path);
                    if (cost < bestCost)
                    {
                        (best, bestCost) = (path, cost);
                    }
                }
            }

            // The window's kernel skips the taps on padding: count only the real ones.
            double window = (double)s.OutChannels * s.InChannels * s.Rows.RealTaps * s.Columns.RealTaps / lanes;
            return best is not null && window >= MinGain * bestCost ? best with { Parts = Math.Min(s.Threads, best.Blocks) } : null;
        }

        /// <summary>
        /// The register tile and the block of tiles for a chunk pair: two output-channel vectors where the chunk has an even
        /// number (12 tiles on Vector512's 32 registers, 6 on Vector256's and Vector128's 16), else one (24 or 12 tiles); as many tiles a
        /// block as the input and sum blocks hold, a whole number of register tiles where the map has more.
        /// </summary>
        internal static NhwcWinogradPath Blocked(VectorTarget target, int outChunk, int inChunk, int tileRows, int tilesPerRow)
        {
            int lanes = target.Width;
            int groupVectors = outChunk % (2 * lanes) == 0 ? 2 : 1;
            int groupTiles = (target.Width == VectorTarget.Vector512.Width ? 24 : 12) / groupVectors;
            int tiles = tileRows * tilesPerRow;
            int limit = Math.Min(InputBytes / sizeof(float) / 16 / inChunk, SumBytes / sizeof(float) / 16 / outChunk);
            int blockTiles = Math.Max(1, Math.Min(tiles, limit));
            if (blockTiles < tiles && blockTiles >= groupTiles)
            {
                blockTiles = blockTiles / groupTiles * groupTiles;
            }

            return new NhwcWinogradPath(target, outChunk, inChunk, blockTiles, tileRows, tilesPerRow, Math.Min(groupTiles, blockTiles), groupVectors);
        }

        /// <summary>
        /// The estimated cost of a path in vector multiply-adds: the 16 products of every tile and pair of channels (at
        /// <see cref="ProductEfficiency"/>), each register tile's call, the input transform once per chunk of output
        /// channels, the output fold once per chunk of input channels, the filters once.
        /// </summary>
        public static double Cost(ConvShape s, NhwcWinogradPath path)
        {
            int lanes = path.Lanes;
            double tiles = path.Tiles;
            int outChunks = s.OutChannels / path.OutChunk, inChunks = s.InChannels / path.InChunk;
            double efficiency = ProductEfficiency * (path.GroupVectors == 2 ? 1 : OneVectorEfficiency);
            double products = 16.0 * tiles * s.InChannels * s.OutChannels / lanes / efficiency;
            double groups = 16.0 * ((path.BlockTiles + path.GroupTiles - 1) / path.GroupTiles) * path.Blocks * (path.OutChunk / (path.GroupVectors * lanes)) * outChunks * inChunks;
            double calls = groups * (2 * path.GroupTiles * path.GroupVectors + GroupCallCost);
            double input = InputTransformCost * outChunks * tiles * s.InChannels / lanes;
            double output = tiles * s.OutChannels / lanes * (OutputTransformCost + AccumulateCost * (inChunks - 1));
            double filters = FilterTransformCost * s.InChannels * s.OutChannels / lanes;
            return products + calls + input + output + filters;
        }
    }
}
