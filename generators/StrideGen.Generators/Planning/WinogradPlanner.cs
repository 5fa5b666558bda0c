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
    /// 1.3–1.4 ms; ONNX Runtime takes 2.0 ms. With few input channels the Vector512 path folds the products in registers
    /// (<see cref="WinogradPath.FoldsProducts"/>): CIFAR's 3 → 16 layer went from 8.3 to 5.3 µs, VGG's 3 → 64 layer on
    /// 224×224 from 2.05 to 1.15 ms.
    /// </summary>
    internal static class WinogradPlanner
    {
        /// <summary>
        /// Output channels a Vector512 path with the products folded in registers sums at a time: 16 sums, 16 outputs and 4
        /// vectors of tiles want 36 of the 32 registers, so three outputs spill once per vector of tiles, outside the loops
        /// over input channels. CIFAR's 3 → 16 layer ran 5.1–5.7 µs so, 5.2 µs with 3 channels a group, 6.2 µs with 2.
        /// </summary>
        private const int FoldGroup512 = 4;

        /// <summary>
        /// Vector256 does not fold (0): without AVX-512's broadcast operands each multiply-add needs a load of its own, so a
        /// group of 3 channels (its 12 sums fit the 16 registers, the outputs spilled outside the loop) loads 16 times for
        /// 12 multiply-adds. Forced on (Zen 4, AVX-512 off), folding ran 0.97–1.08× the window's speed 1 channel a group,
        /// 0.81–1.19× 2 a group, and 0.9–1.3× 3 a group (CIFAR's 3 → 16 0.97×, U-Net's 1 → 64 0.90×) on first layers.
        /// </summary>
        private const int FoldGroup256 = 0;

        /// <summary>
        /// Nor Vector128 (0): forced on with 2 channels a group (SSE), it ran 1.2–1.6× the window's speed with 3 input
        /// channels but 0.6–0.7× the other order's with 16 (ResNet-20's 16 → 16 layer), which this estimate, fitted on
        /// Vector512, does not tell apart. Arm64 (NEON has 32 registers) could not be measured here.
        /// </summary>
        private const int FoldGroup128 = 0;

        /// <summary>A folded path's transformed input (a tile row's tiles, 16 per tile and input channel) takes at most 64 KB (and the planes' cache lines), and so do its combined rows (4 per input channel).</summary>
        public const int FoldedInputBytes = 64 * 1024;

        /// <summary>
        /// Estimated cost of a folded path's load of one vector of transformed tiles, in multiply-adds. With <see cref="FoldCost"/>
        /// fitted on A/B runs against the window (Vector512, Zen 4): the window ran at 89% of its estimate, the folded paths
        /// of CIFAR's 3 → 16 layer, VGG's 3 → 64 on 224×224 and a 4 → 24 layer on 56×56 within 3% of theirs at that rate
        /// (1.58×, 1.8–1.9× and 1.6× faster than the window).
        /// </summary>
        private const double FoldLoadCost = 0.5;

        /// <summary>Estimated cost of folding a folded path's row sums and storing the outputs, per output channel and vector of tiles.</summary>
        private const double FoldCost = 8;

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

        /// <summary>
        /// The same, 16 floats at a time (9 broadcast multiply-adds into one Vector512), per filter: measured 12.5 cycles on
        /// ResNet's 256-channel layer and 20 on SSD's 1024-channel head (the larger the weights, the more of them come from L3).
        /// </summary>
        private const double VectorFilterTransformCost = 12;

        /// <summary>An output transform that reads the outputs back and adds to them, against one that only stores them (measured: about 60 cycles a vector of tiles either way on 14×14 maps, whose rows end in clipped loads and stores).</summary>
        private const double AccumulateCost = 1.2;

        /// <summary>The loops turn round only where the estimate puts that this much cheaper: HRNet's 36-channel layer on 28×28 ran 0.86× as fast turned round, estimated 1% cheaper; ResNet's 128-channel layer ran 1.06–1.29× faster than the other order, estimated 17% cheaper.</summary>
        private const double TurnedMargin = 1.1;

        /// <summary>
        /// The Vector256 path turns the loops round only where the other order is not taken and the estimate puts the
        /// turned loops this much cheaper than the window. Its register tiles of 4 channels read the transformed input from
        /// L2 twice as often per multiply-add as Vector512's, which the estimate does not count. Measured with AVX-512 off
        /// (16 registers) against the window: VGG-16's 512-channel layer on 28×28 1.68–1.90× faster (estimate 1.53),
        /// YOLOv3's 256 → 512 on 26×26 1.34–1.47× (1.43), ResNet's 256-channel layer 1.04–1.08× (1.41), AlexNet's
        /// 384 → 256 on 13×13 0.90–0.93× (1.22); against the other order, where the estimate put both above 1.1: YOLOv3's
        /// 128 → 256 on 52×52 0.96×, ResNet's 128-channel layer 1.05×.
        /// </summary>
        private const double TurnedMinGain256 = 1.3;

        /// <summary>With the loops turned round, a chunk of input channels' transformed tiles and combined rows take at most 160 KB.</summary>
        public const int AccumulatingInputBytes = 160 * 1024;

        /// <summary>With the loops turned round, the transformed filters of a chunk of output × input channels take at most 32 KB (the register tiles read them from L1).</summary>
        public const int FilterBlockBytes = 32 * 1024;

        public static WinogradPlan? Plan(ConvShape shape)
        {
            if (!Applies(shape))
            {
                return null;
            }

            var vector512 = PlanPath(shape, VectorTarget.Vector512, tileChannels: 8, groupVectors: 2, foldGroup: FoldGroup512);
            var vector256 = PlanPath(shape, VectorTarget.Vector256, tileChannels: 4, groupVectors: 2, foldGroup: FoldGroup256);
            var vector128 = PlanPath(shape, VectorTarget.Vector128, tileChannels: 4, groupVectors: 2, foldGroup: FoldGroup128);
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
        private static WinogradPath? PlanPath(ConvShape s, VectorTarget target, int tileChannels, int groupVectors, int foldGroup)
        {
            int tileRows = (int)((s.OutputHeight + 1) / 2), tilesPerRow = (int)((s.OutputWidth + 1) / 2);
            double window = (double)s.MultiplyAccumulates / target.Width;
            var best = PlanFiltersFirst(s, target, tileChannels, groupVectors, tileRows, tilesPerRow);
            if (best is not null && window < MinGain * Cost(s, best))
            {
                best = null;
            }

            if (PlanAccumulating(s, target, tileChannels, groupVectors, tileRows, tilesPerRow) is { } turned
                && (target.Width == 16
                    ? best is null || Cost(s, turned) * TurnedMargin < Cost(s, best)
                    : best is null)
                && window >= (target.Width == 16 ? MinGain : TurnedMinGain256) * Cost(s, turned))
            {
                best = turned;
            }

            if (PlanFolded(s, target, foldGroup, tileRows, tilesPerRow) is { } folded
                && (best is null || Cost(s, folded) < Cost(s, best))
                && window >= MinGain * Cost(s, folded))
            {
                best = folded;
            }

            if (best is null)
            {
                return null;
            }

            int outputChunks = (s.OutChannels + best.ChannelChunk - 1) / best.ChannelChunk;
            return best with { Parts = Math.Min(s.Threads, best.AccumulatesOutput ? outputChunks : best.Blocks) };
        }

        /// <summary>The cheapest blocking with the filters of a chunk of output channels transformed first, for every input channel.</summary>
        internal static WinogradPath? PlanFiltersFirst(ConvShape s, VectorTarget target, int tileChannels, int groupVectors, int tileRows, int tilesPerRow)
        {
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

            return best;
        }

        /// <summary>
        /// The cheapest blocking with the loops turned round (<see cref="WinogradPath.AccumulatesOutput"/>), or null where
        /// the path has no such blocking: every count of tile rows a block can hold, with as many input channels a chunk as
        /// <see cref="AccumulatingInputBytes"/> holds, and output channels a chunk as the sums and the filter block allow.
        /// Vector512 and Vector256 (which <see cref="PlanPath"/> holds to more: see <see cref="TurnedMinGain256"/>).
        /// </summary>
        internal static WinogradPath? PlanAccumulating(ConvShape s, VectorTarget target, int tileChannels, int groupVectors, int tileRows, int tilesPerRow)
        {
            if (target.Width < 8)
            {
                return null; // the filters are transformed 16 floats at a time
            }

            WinogradPath? best = null;
            double bestCost = double.MaxValue;
            int paddedChannels = RoundUp(s.OutChannels, tileChannels);
            for (int blockRows = 1; blockRows <= tileRows; blockRows++)
            {
                var probe = new WinogradPath(target, s.InChannels, tileChannels, tileChannels, groupVectors, 1, blockRows, tileRows, tilesPerRow, AccumulatesOutput: true);
                // One input channel's 16 planes of tiles and 4 combined rows; the 16 planes' cache lines once.
                int perInput = 16 * probe.BlockStride + 4 * probe.CombinedRow;
                int inChunk = Math.Min(s.InChannels, (AccumulatingInputBytes / sizeof(float) - 16 * 16) / perInput);
                int maxBySums = SumBytes / sizeof(float) / 16 / probe.BlockStride / tileChannels * tileChannels;
                if (inChunk < 1 || maxBySums < tileChannels)
                {
                    break; // a larger block only needs more room
                }

                // The filter block (16 floats a filter) holds at least one register tile's channels; input channels give way.
                inChunk = Math.Min(inChunk, FilterBlockBytes / sizeof(float) / 16 / tileChannels);
                int byFilters = FilterBlockBytes / sizeof(float) / 16 / inChunk / tileChannels * tileChannels;
                int maxChunk = Math.Min(paddedChannels, Math.Min(maxBySums, byFilters));
                int chunks = (s.OutChannels + maxChunk - 1) / maxChunk;
                int chunk = RoundUp((s.OutChannels + chunks - 1) / chunks, tileChannels);
                int inChunks = (s.InChannels + inChunk - 1) / inChunk;
                inChunk = (s.InChannels + inChunks - 1) / inChunks; // equal chunks
                var path = probe with { ChannelChunk = chunk, InChannelChunk = inChunk };
                double cost = Cost(s, path);
                if (cost < bestCost)
                {
                    (best, bestCost) = (path, cost);
                }
            }

            return best;
        }

        /// <summary>
        /// The blocking with the products folded in registers (<see cref="WinogradPath.FoldsProducts"/>), or null where a
        /// block of one tile row cannot hold every input channel: blocks of one tile row (the folds go a tile row at a
        /// time, so larger blocks only take more stack), all input channels in one chunk, output channels a chunk as the
        /// filters' stack allows, in groups of <paramref name="group"/>.
        /// </summary>
        internal static WinogradPath? PlanFolded(ConvShape s, VectorTarget target, int group, int tileRows, int tilesPerRow)
        {
            if (group == 0 || (long)s.InChannels * tilesPerRow * 16 * sizeof(float) > FoldedInputBytes)
            {
                return null; // the path does not fold, or a tile row's input cannot fit (nor overflow the sizes below)
            }

            var path = new WinogradPath(target, s.InChannels, group, group, 1, s.InChannels, 1, tileRows, tilesPerRow, FoldsProducts: true);
            int maxChunk = (FilterBytes / sizeof(float) / 16 - 16) / s.InChannels / group * group;
            if (16L * path.InputPlane * sizeof(float) > FoldedInputBytes
                || 4L * s.InChannels * path.CombinedRow * sizeof(float) > FoldedInputBytes
                || maxChunk < group)
            {
                return null;
            }

            int chunks = (s.OutChannels + maxChunk - 1) / maxChunk;
            return path with { ChannelChunk = RoundUp((s.OutChannels + chunks - 1) / chunks, group) };
        }

        /// <summary>
        /// The estimated cost of a path in vector multiply-adds: the 16 products of every tile vector, input channel and
        /// (padded) output channel, with the sums' reloads of each chunk of input channels, the input transform once per
        /// chunk of output channels, the output transform once, and the filter transform (scalar) once.
        /// </summary>
        public static double Cost(ConvShape s, WinogradPath path)
        {
            if (path.AccumulatesOutput)
            {
                return AccumulatingCost(s, path);
            }

            if (path.FoldsProducts)
            {
                return FoldedCost(s, path);
            }

            int chunks = (s.OutChannels + path.ChannelChunk - 1) / path.ChannelChunk;
            double products = 16.0 * chunks * path.ChannelChunk * s.InChannels * path.Blocks * path.BlockVectors * (1 + SumReloadCost / path.InChannelChunk);
            double input = InputTransformCost * chunks * s.InChannels * path.TileRows * path.RowVectors;
            double output = OutputTransformCost * s.OutChannels * path.TileRows * path.RowVectors;
            double filters = FilterTransformCost * 16.0 / path.Lanes * s.InChannels * s.OutChannels;
            return products + input + output + filters;
        }

        /// <summary>
        /// The estimate with the loops turned round: the products without reloads, the input transform once, the output
        /// transform once per chunk of input channels (the later ones reading the outputs back), the filters once per block.
        /// </summary>
        private static double AccumulatingCost(ConvShape s, WinogradPath path)
        {
            int paddedChannels = RoundUp(s.OutChannels, path.TileChannels);
            double products = 16.0 * paddedChannels * s.InChannels * path.Blocks * path.BlockVectors;
            double input = InputTransformCost * s.InChannels * path.TileRows * path.RowVectors;
            double output = OutputTransformCost * s.OutChannels * path.TileRows * path.RowVectors * (1 + AccumulateCost * (path.InChannelChunks - 1));
            double filters = VectorFilterTransformCost * 16.0 / path.Lanes * s.InChannels * paddedChannels * path.Blocks;
            return products + input + output + filters;
        }

        /// <summary>
        /// The estimate with the products folded in registers: per tile row and vector of its tiles, 16 products per input
        /// and output channel, with a group's 4 loads of tiles per input channel and row of sums (<see cref="FoldLoadCost"/>
        /// each, shared by the group's channels; a last smaller group goes one channel at a time), the fold and stores per
        /// output channel, the input transform once per chunk of output channels, the filter transform (scalar) once.
        /// </summary>
        private static double FoldedCost(ConvShape s, WinogradPath path)
        {
            int chunks = (s.OutChannels + path.ChannelChunk - 1) / path.ChannelChunk;
            int groups = s.OutChannels / path.TileChannels, rest = s.OutChannels % path.TileChannels;
            double vectors = (double)path.TileRows * path.RowVectors;
            double products = 16.0 * s.InChannels * vectors * (groups * (path.TileChannels + FoldLoadCost) + rest * (1 + FoldLoadCost));
            double folds = FoldCost * s.OutChannels * vectors;
            double input = InputTransformCost * chunks * s.InChannels * vectors;
            double filters = FilterTransformCost * 16.0 / path.Lanes * s.InChannels * s.OutChannels;
            return products + folds + input + filters;
        }

        private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
    }
}
