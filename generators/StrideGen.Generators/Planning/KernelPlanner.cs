using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Chooses a <see cref="KernelPlan"/> for a resolved NCHW convolution. The scheme (after MLAS's and oneDNN's direct
    /// convolutions): a register tile of T output channels × V vectors of consecutive output columns; each tap loads V input
    /// vectors once and broadcasts one weight per output channel, so a tap costs T + V loads for T·V fused multiply-adds.
    /// Every output column is covered by vectors (where the width is not a multiple of the vector width, the last vector
    /// overlaps its neighbour, or is a narrower one: see <see cref="VectorStarts"/>); a vector whose window reaches into padding loads only its real lanes, decided per tap at generation time.
    /// </summary>
    internal static class KernelPlanner
    {
        /// <summary>Unrolled fused multiply-adds per tile method: far below the JIT's MinOpts limits (60000 IL bytes, 2000 blocks).</summary>
        public const int UnrolledFmaBudget = 576;

        /// <summary>Weights of one block of output-channel tiles are kept this small so they stay in L2 while the rows stream past.</summary>
        public const int BlockWeightBytes = 192 * 1024;

        private const int MaxVectorsPerTile = 4;

        /// <summary>
        /// Rows whose input (every input channel of the group, every kernel row) takes more than this are run in column
        /// segments (<see cref="VectorPlan.ColumnSegment"/>): half of Zen 4's 1 MB L2, which then no longer holds it for the
        /// next output-channel tile.
        /// </summary>
        public const int SegmentedRowInputBytes = 512 * 1024;

        /// <summary>
        /// The input one column segment reads, at most (or one looped run's step, where that is more). SampleCNN's
        /// 128 → 128 1×3 layer on 19683 samples (10 MB a row) ran 19–61 ms a call in whole rows, every tile streaming the
        /// row from L3 (the slow calls when other tenants used it), and 20–21 ms in segments of 256 to 1024 columns (128 to
        /// 512 KB), ONNX Runtime 20 ms.
        /// </summary>
        public const int SegmentInputBytes = 128 * 1024;

        /// <summary>
        /// Rows run in segments only where at least this many tiles of a block pass over each: a segment's input comes from
        /// L3 in short runs the prefetchers barely follow, which a few tiles do not repay. wav2vec 2.0's 512 → 512 stride-2
        /// layer (blocks of 4 tiles) ran 0.88× as fast in segments while another process used L3, 0.95–1.0× on a quiet one.
        /// </summary>
        public const int MinSegmentTilePasses = 8;

        /// <param name="shape">The layer.</param>
        /// <param name="compact">
        /// Loop the whole window and leave border columns to scalar code (<see cref="WindowUnroll.None"/>), whatever the kernel:
        /// the smallest code, for a layer whose regular plan would write too large a file (see <c>ConvLayerEmitter</c>).
        /// </param>
        /// <param name="wholeTiles">
        /// Choose an output-channel tile that divides the group's channels, where one fits the registers: no remainder tile,
        /// so no second set of tile methods. The middle step between the regular plan and the compact one (see <c>ConvLayerEmitter</c>).
        /// </param>
        /// <param name="bandsOnVector512Only">
        /// Pack bands on the Vector512 path only: the Vector256 path runs in place. The step between whole tiles and the
        /// compact plan for a layer whose packing methods and band tiles for two widths would make the file too long
        /// (SqueezeNet's 7×7 stride-2 first layer: 1-row bands of 109 positions).
        /// </param>
        /// <param name="wideStride1Bands">
        /// Whether stride-1 windows up to 5×5 may be packed in bands (see <see cref="KernelPlan.WideStride1Bands"/>); false
        /// keeps them to 3×3, for a layer whose 5×5 band tiles would make the file too long.
        /// </param>
        /// <param name="skipBorderRows">Whether whole-plane bands may leave out kernel rows on padding per vector (see <see cref="KernelPlan.SkipBorderRows"/>).</param>
        /// <param name="borderSkipsOnVector512Only">Whether only the Vector512 path's bands may (see <see cref="KernelPlan.BorderSkipsOnVector512Only"/>).</param>
        /// <param name="loopBandColumns">Whether band tiles that loop over kernel rows loop over its columns too (see <see cref="KernelPlan.LoopBandColumns"/>).</param>
        /// <param name="compactVector128">Whether the Vector128 path alone is planned compactly (see <see cref="KernelPlan.CompactVector128"/>).</param>
        public static KernelPlan Plan(ConvShape shape, bool compact = false, bool wholeTiles = false, bool bandsOnVector512Only = false, RowBlockReach rowBlocks = RowBlockReach.AllPaths, bool wideStride1Bands = true, bool skipBorderRows = true, bool borderSkipsOnVector512Only = false, bool loopBandColumns = false, bool compactVector128 = false)
        {
            int outputHeight = (int)shape.Rows.Output;
            int outputWidth = (int)shape.Columns.Output;
            var rowBands = OutputBands.Of(shape.Rows, outputHeight);
            var columnBands = OutputBands.Of(shape.Columns, outputWidth);

            // The whole window is unrolled when even a large tile (24 accumulators) stays within the code budget; otherwise the
            // kernel rows become a loop (each row's taps unrolled), and for very wide kernels the columns too.
            long taps = (long)shape.KernelHeight * shape.KernelWidth;
            var unroll = compact ? WindowUnroll.None
                : taps * 24 <= UnrolledFmaBudget ? WindowUnroll.Full
                : shape.KernelWidth * 4 <= UnrolledFmaBudget ? WindowUnroll.Rows
                : WindowUnroll.None;

            var plan = new KernelPlan(shape, outputHeight, outputWidth, rowBands, columnBands, unroll, null, null, null,
                Math.Min(4, shape.OutChannelsPerGroup)) { WholeChannelTiles = wholeTiles, BandsOnVector512Only = bandsOnVector512Only, RowBlocks = rowBlocks, WideStride1Bands = wideStride1Bands, SkipBorderRows = skipBorderRows, BorderSkipsOnVector512Only = borderSkipsOnVector512Only, LoopBandColumns = loopBandColumns, CompactVector128 = compactVector128 };
            plan = plan with
            {
                Vector512 = PlanVectors(plan, VectorTarget.Vector512),
                Vector256 = PlanVectors(plan, VectorTarget.Vector256),
                Vector128 = PlanVectors(plan, VectorTarget.Vector128),
            };
            return shape.Threads > 1 ? Split(plan, shape.Threads) : plan;
        }

        /// <summary>
        /// How much larger a part's share of the bands may be than its share of the channel tiles, and bands still be dealt:
        /// dealing tiles packs every band once per part, so near-even bands are worth a little imbalance.
        /// </summary>
        private const double BandShareSlack = 0.05;

        /// <summary>
        /// Deals each path's work to up to <paramref name="threads"/> parts: whole groups when there are at least as many
        /// groups as threads (or no more tiles per group than groups), otherwise each group's output-channel tiles, which
        /// differ per path. The remainder tile is the last unit, so the last part runs it.
        /// </summary>
        private static KernelPlan Split(KernelPlan plan, int threads)
        {
            var s = plan.Shape;
            WorkSplit For(int channelTile)
            {
                int units = s.OutChannelsPerGroup / channelTile + (s.OutChannelsPerGroup % channelTile == 0 ? 0 : 1);
                return s.Groups >= threads || s.Groups >= units ? WorkSplit.Of(WorkUnit.Groups, s.Groups, threads) : WorkSplit.Of(WorkUnit.ChannelTiles, units, threads);
            }

            // A band plan deals whole bands (each part packs its own) where they divide among the parts about as evenly as
            // its channel tiles do; otherwise its channel tiles, each part packing every band for its own tiles (DeepLab's
            // 33-row ASPP layers in 3 bands of 11 rows: 1 band against 2 ran only 1.35× faster on two threads).
            WorkSplit ForPath(VectorPlan p)
            {
                var tiles = For(p.ChannelTile);
                if (p.Band is not { } band)
                {
                    return tiles;
                }

                var bands = WorkSplit.Of(WorkUnit.Rows, plan.OutputHeight / band.Rows, threads);
                return bands.Parts >= threads && bands.LargestShare <= tiles.LargestShare + BandShareSlack ? bands : tiles;
            }

            return plan with
            {
                Vector512 = plan.Vector512 is { } v512 ? v512 with { Split = ForPath(v512) } : null,
                Vector256 = plan.Vector256 is { } v256 ? v256 with { Split = ForPath(v256) } : null,
                Vector128 = plan.Vector128 is { } v128 ? v128 with { Split = ForPath(v128) } : null,
                ScalarSplit = For(plan.ScalarChannelTile),
            };
        }

        /// <summary>The path's plan: window regions where they fill the lanes with real input clearly better (see <see cref="RegionPlanner"/>), else rows, bands or dot products.</summary>
        private static VectorPlan? PlanVectors(KernelPlan plan, VectorTarget target)
        {
            var planned = PlanRowsOrBands(plan, target);
            return RegionPlanner.Plan(plan, target, planned) ?? planned;
        }

        private static VectorPlan? PlanRowsOrBands(KernelPlan plan, VectorTarget target)
        {
            var s = plan.Shape;
            var banded = !plan.BandsOnVector512Only || target == VectorTarget.Vector512 ? BandPlanner.Plan(plan, target) : null;
            // A stride above 2 across gathers its bands where it can (see BandPlanner.Gathered): each tap then
            // broadcasts weights over vectors of positions, where gathered windows' dot products load weight vectors that
            // lie a window apart, across cache lines (AlexNet's first layer: 70 GFLOP/s as dot products).
            if (banded is not null && BandPlanner.Gathered(s))
            {
                return banded;
            }

            if (DotProductPlanner.Plan(plan, target) is { } dot)
            {
                return dot;
            }

            if (banded is not null)
            {
                return banded;
            }

            if (IsFlat(plan, target))
            {
                return PlanFlat(plan, target);
            }

            var columns = s.Columns;
            int width = target.Width;
            bool bordersInVectors = plan.UnrollOn(target) != WindowUnroll.None;
            int coverBegin = bordersInVectors ? 0 : (int)columns.InteriorBegin;
            int coverEnd = bordersInVectors ? plan.OutputWidth : (int)columns.InteriorEnd;
            bool overhangs = OverhangsRow(plan, target);
            if (coverEnd - coverBegin < width && !overhangs)
            {
                return null;
            }

            var starts = overhangs ? new List<(int Start, int Width)> { (0, VectorTarget.Vector256.Width) } : VectorStarts(target, coverBegin, coverEnd);
            var (tile, vectors) = ChooseTile(s.OutChannelsPerGroup, starts.Count, target, plan.UnrollOn(target), s, plan.WholeChannelTiles);
            var covers = new List<RowCover>();
            foreach (int channels in ChannelTiles.Sizes(s.OutChannelsPerGroup, tile))
            {
                covers.Add(WithRowBlock(plan, target, Cover(plan, target, channels, vectors, starts, bordersInVectors, coverBegin, coverEnd), starts));
            }

            return WithColumnSegments(plan, Schedule(s, target, tile, vectors, covers, flat: false));
        }

        /// <summary>
        /// The plan with its rows run in column segments (<see cref="VectorPlan.ColumnSegment"/>) where a row's input is
        /// larger than <see cref="SegmentedRowInputBytes"/> and at least <see cref="MinSegmentTilePasses"/> output-channel tiles
        /// of a block pass over it; else unchanged. A segment reads about <see cref="SegmentInputBytes"/> and is a multiple of every looped run's step, so
        /// its runs keep their tiles' columns: each tile runs in the segment its first column lies in.
        /// </summary>
        internal static VectorPlan WithColumnSegments(KernelPlan plan, VectorPlan p)
        {
            var s = plan.Shape;
            // Tiles that pass over a segment: a block's (the remainder tile runs after the last block, on its own).
            int tilePasses = Math.Min(p.TilesPerBlock, p.ChannelTilesPerGroup);
            long rowBytes = (long)s.InChannelsPerGroup * s.KernelHeight * s.InputWidth * sizeof(float);
            if (p.Flat || p.Covers.Any(c => c.Block is not null) || tilePasses < MinSegmentTilePasses || rowBytes <= SegmentedRowInputBytes)
            {
                return p;
            }

            long step = 1;
            foreach (var run in p.Covers.SelectMany(c => c.Runs).Where(run => run.Count > 1))
            {
                step = step / Gcd(step, run.Step) * run.Step;
            }

            long columnBytes = (long)s.InChannelsPerGroup * s.KernelHeight * s.StrideWidth * sizeof(float);
            long columns = Math.Max(step, SegmentInputBytes / columnBytes / step * step);
            return 2 * columns > plan.OutputWidth ? p : p with { ColumnSegment = (int)columns };
        }

        private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

        /// <summary>
        /// Whether each output row is one 8-lane vector overhanging the row (<see cref="TileVector.Stored"/>): a depthwise
        /// layer at stride 2 across whose rows of 5 to 7 outputs are too narrow for the target's vectors and have no flat
        /// plan (EfficientNet's and MobileNet's 14×14 → 7×7 layers). Its rows take <see cref="RowBlock"/>s, so one 8-lane
        /// vector a row does the work two 4-lane ones did, and each input row is loaded once for the rows it serves. The
        /// input row must hold a vector (two loads inside it make a stride-2 vector: <see cref="LoadKind.Stride2Pair"/>).
        /// </summary>
        private static bool OverhangsRow(KernelPlan plan, VectorTarget target)
        {
            var s = plan.Shape;
            int lanes = VectorTarget.Vector256.Width;
            return target.Width >= lanes && plan.UnrollOn(target) != WindowUnroll.None
                && s.InChannelsPerGroup == 1 && s.OutChannelsPerGroup == 1 && s.StrideWidth == 2 && s.DilationWidth == 1
                && plan.OutputWidth < lanes && plan.OutputWidth > lanes / 2 && s.InputWidth >= lanes
                && TakesRowBlocks(plan, target);
        }

        /// <summary>
        /// Whether the target covers each output plane as one run of H·W values: the Vector256 path for rows narrower than its
        /// 8 columns (the 7×7 maps of ImageNet networks' last stage), which would otherwise run on Vector128 at half the rate,
        /// and the Vector512 path too when the plane fits one tile of vectors (up to 64 positions, so one more tile method).
        /// Wider rows stay row by row: their covers waste little, and a plane's vectors cross row ends (masked loads)
        /// everywhere. That needs
        /// stride 1, no dilation and "same" output size (H×W in, H×W out): output position p then reads input position
        /// p + (kh − top)·W + (kw − left) for every lane, so a vector of consecutive positions loads consecutive inputs, its
        /// lanes on padding (a row's first or last columns, the plane's first or last rows) zeroed, all known at generation time.
        /// </summary>
        private static bool IsFlat(KernelPlan plan, VectorTarget target)
        {
            var s = plan.Shape;
            long positions = (long)plan.OutputWidth * plan.OutputHeight;
            bool pathCovers = target == VectorTarget.Vector256 || target == VectorTarget.Vector512 && positions <= MaxVectorsPerTile * target.Width;
            // A window too large to unroll in any tile (5×5) still unrolls in a flat tile of a few channels.
            var unroll = plan.UnrollOn(target);
            bool unrolled = unroll == WindowUnroll.Full
                || unroll == WindowUnroll.Rows && (long)Math.Min(s.OutChannelsPerGroup, 4) * MaxVectorsPerTile * s.KernelHeight * s.KernelWidth <= UnrolledFmaBudget;
            return pathCovers && unrolled
                && s.StrideHeight == 1 && s.StrideWidth == 1 && s.DilationHeight == 1 && s.DilationWidth == 1
                && plan.OutputWidth == s.InputWidth && plan.OutputHeight == s.InputHeight
                && plan.OutputWidth < VectorTarget.Vector256.Width
                && positions >= target.Width
                && positions <= MaxFlatVectors * target.Width;
        }

        /// <summary>A <see cref="VectorPlan.Flat"/> plan: vectors along the plane, the whole window unrolled, one tile method per chunk of vectors.</summary>
        private static VectorPlan PlanFlat(KernelPlan plan, VectorTarget target)
        {
            var s = plan.Shape;
            int positions = plan.OutputWidth * plan.OutputHeight;
            var starts = VectorStarts(target, 0, positions);
            var (tile, vectors) = ChooseTile(s.OutChannelsPerGroup, starts.Count, target, WindowUnroll.Full, s, plan.WholeChannelTiles); // flat tiles unroll the whole window
            var covers = new List<RowCover>();
            foreach (int channels in ChannelTiles.Sizes(s.OutChannelsPerGroup, tile))
            {
                var methods = new List<TileMethod>();
                var calls = new List<(int Start, string Interior, string Clipped)>();
                for (int first = 0; first < starts.Count; first += vectors)
                {
                    var chunk = starts.GetRange(first, Math.Min(vectors, starts.Count - first));
                    var tileVectors = chunk.Select(v => FlatVector(s, v.Width, v.Start, chunk[0].Start)).ToList();
                    bool narrow = chunk.Any(v => v.Width != target.Width);
                    string name = Add(methods, $"{target.Name}Tile{channels}x{chunk.Count}" + (narrow ? "Narrow" : "") + $"PlaneAt{chunk[0].Start}",
                        channels, tileVectors, rowsLooped: false, columnsLooped: false, flat: true);
                    calls.Add((chunk[0].Start, name, name));
                }

                covers.Add(new RowCover(channels, MergeRuns(calls), new EquatableArray<Band>(new Band[0]), new EquatableArray<TileMethod>(methods)));
            }

            return Schedule(s, target, tile, vectors, covers, flat: true);
        }

        /// <summary>The vector plan of a chosen tile and its covers, with the output-channel tiles blocked so each block's weights stay in cache.</summary>
        private static VectorPlan Schedule(ConvShape s, VectorTarget target, int tile, int vectors, List<RowCover> covers, bool flat)
        {
            int tilesPerGroup = s.OutChannelsPerGroup / tile;
            long tileWeightBytes = (long)tile * s.InChannelsPerGroup * s.KernelHeight * s.KernelWidth * sizeof(float);
            int tilesPerBlock = (int)Math.Max(1, Math.Min(Math.Max(1, tilesPerGroup), BlockWeightBytes / Math.Max(1, tileWeightBytes)));
            return new VectorPlan(target, tile, tilesPerGroup, s.OutChannelsPerGroup % tile, vectors, tilesPerBlock, new EquatableArray<RowCover>(covers), flat);
        }

        /// <summary>
        /// How each tap (kh, kw) loads the vector of plane positions [start, start + width) in a flat plan: the lanes whose
        /// input lies inside the image, and where a load covering them starts inside the plane.
        /// </summary>
        private static TileVector FlatVector(ConvShape s, int width, int start, int chunkStart)
        {
            int imageWidth = s.InputWidth, positions = s.InputWidth * s.InputHeight;
            var loads = new List<LoadKind>();
            var masks = new List<int>();
            var shifts = new List<int>();
            for (int kh = 0; kh < s.KernelHeight; kh++)
            {
                for (int kw = 0; kw < s.KernelWidth; kw++)
                {
                    int mask = 0;
                    for (int lane = 0; lane < width; lane++)
                    {
                        int p = start + lane;
                        int row = p / imageWidth + kh - s.PadTop, column = p % imageWidth + kw - s.PadLeft;
                        if (row >= 0 && row < s.InputHeight && column >= 0 && column < imageWidth)
                        {
                            mask |= 1 << lane;
                        }
                    }

                    long first = start + (long)(kh - s.PadTop) * imageWidth + (kw - s.PadLeft);
                    var kind = mask == 0 ? LoadKind.Skip : mask == FullMask(width) ? LoadKind.Contiguous : LoadKind.Shifted;
                    long loadStart = Math.Max(0, Math.Min(first, positions - width));
                    loads.Add(kind);
                    masks.Add(mask);
                    shifts.Add(kind == LoadKind.Shifted ? (int)(loadStart - first) : 0);
                }
            }

            return new TileVector(start - chunkStart, width, new EquatableArray<LoadKind>(loads), new EquatableArray<int>(masks), new EquatableArray<int>(shifts));
        }

        /// <summary>
        /// The vectors covering output columns [coverBegin, coverEnd): full vectors every <c>width</c> columns, then, where the
        /// width is not a multiple, one more vector clamped to end at coverEnd (overlapping its neighbour). On the Vector512
        /// path that last vector is a Vector256 when the last columns fit in 8: AVX-512 machines that split each 512-bit
        /// instruction in two (Zen 4) then do half the work for it, and the others lose nothing. A 56-wide row is 3 × 16 + 8
        /// columns rather than 4 × 16 with 8 computed twice. (Vector128 tails would save nothing: 128- and 256-bit FMAs
        /// issue at the same rate.)
        /// </summary>
        internal static List<(int Start, int Width)> VectorStarts(VectorTarget target, int coverBegin, int coverEnd)
        {
            int width = target.Width;
            var starts = new List<(int Start, int Width)>();
            int column = coverBegin;
            for (; coverEnd - column >= width; column += width)
            {
                starts.Add((column, width));
            }

            int rest = coverEnd - column;
            if (rest > 0)
            {
                int last = target == VectorTarget.Vector512 && rest <= VectorTarget.Vector256.Width ? VectorTarget.Vector256.Width : width;
                starts.Add((coverEnd - last, last));
            }

            return starts;
        }

        /// <summary>
        /// The tile (output channels T × vectors V) with the most multiply-adds per load (<see cref="Efficiency"/>, averaged over
        /// the main tiles and the remainder tile), that fits the target's registers (T·V accumulators + V inputs + 1 broadcast,
        /// one more per vector for stride 2, one register spare) and the unroll budget; a remainder tile costs a little
        /// (<see cref="RemainderPenalty"/>), and ties go to taller tiles.
        /// </summary>
        private static (int Channels, int Vectors) ChooseTile(int channels, int vectorCount, VectorTarget target, WindowUnroll unroll, ConvShape s, bool wholeTiles)
        {
            long tapsPerMethod = unroll == WindowUnroll.Full ? (long)s.KernelHeight * s.KernelWidth : unroll == WindowUnroll.Rows ? s.KernelWidth : 1;
            long window = (long)s.InChannelsPerGroup * s.KernelHeight * s.KernelWidth;
            var best = ChooseTile(channels, vectorCount, target, tapsPerMethod, s.StrideWidth == 2, wholeTiles, window);
            return best.Channels == 1 && wholeTiles ? ChooseTile(channels, vectorCount, target, tapsPerMethod, s.StrideWidth == 2, weightRowFloats: window) : best;
        }

        /// <param name="channels">Output channels to cover (a group's).</param>
        /// <param name="vectorCount">Vectors along the row (or band) to cover: a tile takes at most this many.</param>
        /// <param name="target">The vector target: its registers bound the tile.</param>
        /// <param name="tapsPerMethod">Taps (or k steps) one tile method unrolls: T·V times this stays within <see cref="UnrolledFmaBudget"/>.</param>
        /// <param name="stride2">Whether each input vector is a stride-2 load (two loads and a permute, one more register).</param>
        /// <param name="wholeTiles">Only tiles that divide <paramref name="channels"/>.</param>
        /// <param name="weightRowFloats">Floats between two output channels' weights (OIHW), or 0: tiles whose rows crowd one L1 set are left out (<see cref="FitsL1Sets"/>).</param>
        internal static (int Channels, int Vectors) ChooseTile(int channels, int vectorCount, VectorTarget target, long tapsPerMethod, bool stride2, bool wholeTiles = false, long weightRowFloats = 0)
        {
            int maxVectors = Math.Max(1, Math.Min(MaxVectorsPerTile, vectorCount));
            int maxChannels = Math.Min(target.Registers / 2, channels);
            // A stride-2 load holds a second vector and the permute's index while it is built.
            int permuteRegisters = stride2 ? 1 : 0;
            (int, int) best = (1, 1);
            double bestScore = double.MinValue;
            for (int v = 1; v <= maxVectors; v++)
            {
                for (int t = 1; t <= maxChannels; t++)
                {
                    if (t * v + v + 1 + permuteRegisters * v > target.Registers - 1 || tapsPerMethod * t * v > UnrolledFmaBudget && t * v > 1
                        || wholeTiles && channels % t != 0 || weightRowFloats > 0 && !FitsL1Sets(t, weightRowFloats))
                    {
                        continue;
                    }

                    // Multiply-adds per load, averaged over the group's channels: the remainder tile counts at its own height, and
                    // each height at its slack above the FMA latency (see BandPlanner.Slack).
                    int remainder = channels % t;
                    double score = ((channels - remainder) * Rate(t, v) + remainder * Rate(remainder, v)) / channels
                        - (remainder == 0 ? 0 : RemainderPenalty) + t * 1e-3;
                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = (t, v);
                    }
                }
            }

            return best;

            // A tile height's multiply-adds per load, weighed by its slack above the FMA latency (a step of height·v vectors).
            double Rate(int height, int v) => Efficiency(height, v, stride2) * BandPlanner.Slack(target, (double)height * v * target.Width / 16);
        }

        /// <summary>Ways of an L1 data set (Zen 4 and recent Intel cores: 48 KB or 32 KB, 64 sets × 64-byte lines).</summary>
        private const int L1Ways = 8;

        /// <summary>
        /// Whether a tile's <paramref name="channels"/> weight rows, <paramref name="rowFloats"/> apart, leave every L1 set
        /// ways to spare. The tile broadcasts from all its rows at once, stepping along them together; rows a multiple of
        /// 4 KB apart (a 1×1 layer of 1024 input channels) fall in one set, and more of them than the set has ways evict
        /// each other on every step: a 14-row tile of such a layer ran at 76 GFLOP/s, an 8-row one at 106.
        /// </summary>
        public static bool FitsL1Sets(int channels, long rowFloats)
        {
            const int sets = 64, lineBytes = 64;
            var perSet = new int[sets];
            for (int r = 0; r < channels; r++)
            {
                if (++perSet[(int)(r * rowFloats * sizeof(float) / lineBytes % sets)] > L1Ways)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Vectors of a flat plane at most: a tall, narrow image has row ends at ever-changing lanes, one tile method per chunk.</summary>
        private const int MaxFlatVectors = 64;

        /// <summary>
        /// Depthwise windows up to this many taps (7×7) take <see cref="RowBlock"/>s unrolled whole where the budget allows;
        /// larger ones take them only where they loop over their input rows (see <see cref="UnrolledBlockFmas"/>).
        /// </summary>
        private const int BlockMaxTaps = 49;

        /// <summary>Independent chains of multiply-adds that keep two FMA units of four cycles' latency busy.</summary>
        private const int MinChains = 8;

        /// <summary>Registers a row block's tile leaves free beside its accumulators, input vectors and weights in registers.</summary>
        private const int SpareRegistersBesideWeights = 2;

        /// <summary>Output rows of a <see cref="RowBlock"/> tile at most.</summary>
        private const int MaxBlockRows = 4;

        /// <summary>Output rows of a <see cref="RowBlock"/> tile of one vector a row at most.</summary>
        private const int MaxNarrowBlockRows = 8;

        /// <summary>A remainder tile costs a second set of tile methods (code size) for a sliver of the work.</summary>
        private const double RemainderPenalty = 0.08;

        /// <summary>
        /// Multiply-adds per load of a T × V tile: T·V FMAs for T broadcasts and V input loads; a stride-2 input costs two loads
        /// and a permute, which competes with the FMAs for the vector pipes.
        /// </summary>
        private static double Efficiency(int t, int v, bool stride2) =>
            t == 0 ? 0 : (double)t * v / (t + v * (stride2 ? 3 : 1));

        /// <summary>Groups the row's vector starts into tiles of up to V vectors, finds which tile methods they need, and merges regular runs.</summary>
        private static RowCover Cover(KernelPlan plan, VectorTarget target, int channels, int vectors, List<(int Start, int Width)> starts, bool bordersInVectors, int coverBegin, int coverEnd)
        {
            var s = plan.Shape;
            var methods = new List<TileMethod>();
            var calls = new List<(int Start, string Interior, string Clipped)>();
            bool clippedRows = plan.HasClippedRows;
            for (int first = 0; first < starts.Count; first += vectors)
            {
                var chunk = starts.GetRange(first, Math.Min(vectors, starts.Count - first));
                var tileVectors = chunk.Select(v => Vector(s, v.Width, v.Start, chunk[0].Start, plan.UnrollOn(target) == WindowUnroll.None)).ToList();
                // A tile whose every lane reads real input for every kernel column does not depend on where it stands.
                bool interior = tileVectors.All(v => !v.Clipped);
                bool narrow = chunk.Any(v => v.Width != target.Width);
                string baseName = $"{target.Name}Tile{channels}x{chunk.Count}" + (narrow ? "Narrow" : "") + (interior ? "" : $"At{chunk[0].Start}");
                // Interior rows of interior tiles run the fully unrolled window; border tiles are rare enough to share the clipped
                // method. A layer without clipped rows (no padding above or below) needs no clipped method beside the unrolled one.
                bool unrolled = plan.UnrollOn(target) == WindowUnroll.Full && interior;
                string? clipped = unrolled && !clippedRows ? null : Add(methods, baseName + "Clipped", channels, tileVectors, rowsLooped: true, plan.UnrollOn(target) == WindowUnroll.None);
                string full = unrolled ? Add(methods, baseName, channels, tileVectors, rowsLooped: false, columnsLooped: false) : clipped!;
                calls.Add((chunk[0].Start, full, clipped ?? full));
            }

            var scalar = bordersInVectors ? new List<Band>() : plan.ColumnBands.Where(b => b.End <= coverBegin || b.Start >= coverEnd).ToList();
            return new RowCover(channels, MergeRuns(calls), new EquatableArray<Band>(scalar), new EquatableArray<TileMethod>(methods));
        }

        /// <summary>Merges consecutive calls of the same methods at a constant step into loops.</summary>
        private static EquatableArray<ColumnRun> MergeRuns(List<(int Start, string Interior, string Clipped)> calls)
        {
            var runs = new List<ColumnRun>();
            for (int i = 0; i < calls.Count;)
            {
                int j = i + 1;
                int step = j < calls.Count ? calls[j].Start - calls[i].Start : 0;
                while (j < calls.Count && calls[j].Interior == calls[i].Interior && calls[j].Clipped == calls[i].Clipped && calls[j].Start - calls[j - 1].Start == step)
                {
                    j++;
                }

                runs.Add(new ColumnRun(calls[i].Start, j - i, j - i > 1 ? step : 0, calls[i].Interior, calls[i].Clipped));
                i = j;
            }

            return new EquatableArray<ColumnRun>(runs);
        }

        /// <summary>
        /// Adds a <see cref="RowBlock"/> to a depthwise layer's cover: one input and one output channel per group, stride 1
        /// or 2 and no dilation down the columns (a window taller than the stride, so rows share input rows), a window of at
        /// most <see cref="BlockMaxTaps"/> taps unrolled whole, and at least two output rows. R rows × V vectors of
        /// accumulators and V input vectors (two each for stride 2 across) must fit the registers, with the window's weights
        /// beside them where they fit (3×3), else one broadcast register (5×5, 7×7); R (up to 4) comes first, since each
        /// loaded input row then feeds R·KH/((R−1)·stride+KH) times as many multiply-adds, and the tile's multiply-adds stay
        /// within <see cref="UnrolledFmaBudget"/>. Where the single-row tiles loop over kernel rows (5×5, 7×7), each row waits
        /// on its few accumulators, so blocks run down the whole plane, those whose input rows reach into padding telling
        /// their tiles which rows to leave out; a 3×3 window takes blocks over its interior rows only.
        /// </summary>
        private static RowCover WithRowBlock(KernelPlan plan, VectorTarget target, RowCover cover, List<(int Start, int Width)> starts)
        {
            var s = plan.Shape;
            int taps = s.KernelHeight * s.KernelWidth;
            if (!TakesRowBlocks(plan, target) || cover.ScalarColumns.Count > 0)
            {
                return cover;
            }

            // A stride-2 load in place holds a second vector while it is built, and the tile keeps its permutes' indices (the
            // plain one and a border one) in two more registers; one from a phase split is a plain load. Counting one register
            // short spilled EfficientNet's 5×5 stride-2 tile (4 rows, 25 weights in registers) to a stack frame that ran twice
            // as slow whenever the stack lay off a 32-byte boundary.
            var phases = OverhangsRow(plan, target) ? Phases(plan, starts) : null;
            bool permutes = s.StrideWidth == 2 && phases is null;
            int permuteRegisters = permutes ? 1 : 0, indexRegisters = permutes ? 2 : 0;
            // weightRegisters: the window's taps (and spares) where its weights stay in registers, 1 where each is broadcast per use.
            int VectorsFor(int rows, int weightRegisters, int partials)
            {
                bool weightsInRegisters = weightRegisters >= taps;
                int vectors = Math.Min(MaxVectorsPerTile, starts.Count);
                while (vectors > 0 && (rows * vectors * partials + vectors + permuteRegisters * vectors + indexRegisters + weightRegisters > target.Registers - 1
                    || UnrolledBlockFmas(s, rows, weightsInRegisters, partials) * vectors > UnrolledFmaBudget))
                {
                    vectors--;
                }

                return vectors;
            }

            // A row of one vector takes taller blocks (the whole of a 7-row plane): its tiles have few accumulators, and each
            // block's first and last input rows feed fewer output rows than the others.
            int maxRows = starts.Count == 1 ? MaxNarrowBlockRows : MaxBlockRows;
            var candidates = new List<(int Rows, int Vectors, int Partials, bool WeightsInRegisters)>();
            for (int rows = Math.Min(maxRows, plan.OutputHeight); rows >= 2; rows--)
            {
                // Too few accumulators to keep the FMA units busy: each sums its even and odd kernel rows apart, where
                // registers allow.
                int partials = rows * Math.Min(MaxVectorsPerTile, starts.Count) < MinChains && VectorsFor(rows, 1, 2) > 0 ? 2 : 1;
                // Weights in registers leave two more free for a clipped load's permute index and its loaded vector:
                // EfficientNet's 28-wide 5×5 tile (4 rows, 25 weights, one register to spare by the count above) spilled,
                // and ran 120 or 184 µs by the stack's alignment.
                bool weightsInRegisters = VectorsFor(rows, taps + SpareRegistersBesideWeights, partials) > 0;
                int vectors = VectorsFor(rows, weightsInRegisters ? taps : 1, partials);
                if (vectors > 0)
                {
                    candidates.Add((rows, vectors, partials, weightsInRegisters));
                }
            }

            // Where the tallest block keeps the window's weights in registers (3×3), it is taken; where each weight is
            // broadcast again for every output row it serves (5×5, 7×7), the unrolled-FMA budget trades rows against vectors
            // (7×7: R·V ≤ 11), and the block of the fewest modelled cycles per output row is taken, the taller on a tie.
            if (candidates.Count > 0 && !candidates[0].WeightsInRegisters)
            {
                var best = candidates.OrderBy(c => Math.Round(BlockCyclesPerRow(plan, target, starts, c.Rows, c.Vectors, phases is not null), 6)).First();
                candidates.Remove(best);
                candidates.Insert(0, best);
            }

            foreach (var (rows, vectors, partials, weightsInRegisters) in candidates)
            {

                // (Rows left to single-row tiles would load in place: with a phase split, blocks cover the whole plane.)
                bool wholePlane = plan.UnrollOn(target) != WindowUnroll.Full || phases is not null;
                var spans = wholePlane ? BlockSpans(plan, rows) : InteriorBlockSpans(plan, rows);
                if (spans.Count == 0)
                {
                    continue;
                }

                // Blocks over the whole plane leave no row to the single-row methods: the cover keeps only the blocks'.
                var methods = wholePlane ? new List<TileMethod>() : cover.Methods.ToList();

                int guardTop = spans.Max(b => b.SkipTop), guardBottom = spans.Max(b => b.SkipBottom);
                var calls = new List<(int Start, string Interior, string Clipped)>();
                for (int first = 0; first < starts.Count; first += vectors)
                {
                    var chunk = starts.GetRange(first, Math.Min(vectors, starts.Count - first));
                    var tileVectors = chunk.Select(v => Vector(s, v.Width, v.Start, chunk[0].Start, columnsLooped: false)).ToList();
                    bool interior = tileVectors.All(v => !v.Clipped);
                    bool narrow = chunk.Any(v => v.Width != target.Width);
                    string name = $"{target.Name}Tile1x{chunk.Count}" + (narrow ? "Narrow" : "") + $"Rows{rows}" + (interior ? "" : $"At{chunk[0].Start}");
                    string added = Add(methods, name, 1, tileVectors, rowsLooped: false, columnsLooped: false, rows, weightsInRegisters: weightsInRegisters,
                        guardTop: guardTop, guardBottom: guardBottom, phaseWidth: phases?.Width ?? 0, partials: partials, loopedRows: LoopedInputRows(s, rows, weightsInRegisters, partials));
                    calls.Add((chunk[0].Start, added, added));
                }

                var block = new RowBlock(rows, $"Row1{target.Name}Rows{rows}", MergeRuns(calls), new EquatableArray<BlockRows>(spans)) { Phases = phases };
                return cover with { Runs = wholePlane ? EquatableArray<ColumnRun>.Empty : cover.Runs, Methods = new EquatableArray<TileMethod>(methods), Block = block };
            }

            return cover;
        }

        /// <summary>
        /// Modelled cycles per output row of a depthwise row block of <paramref name="rows"/> rows whose tiles take
        /// <paramref name="vectors"/> of the row's vectors at a time, each weight broadcast once per output row it serves
        /// (<paramref name="phaseSplit"/>: the tiles read a stride-2 layer's phase split).
        /// A tile of R rows × v vectors issues R·KH·KW multiply-adds per vector (a vector narrower than the path's counting its
        /// share, at least half) and loads each of its (R − 1)·stride + KH input rows' KW·v vectors once (two for a stride-2
        /// vector in place) besides its R·KH·KW broadcasts; it takes the longer of the two, at one full-width FMA and one load
        /// a cycle. Blocks that overlap at the plane's end compute rows twice. A 56-wide 7×7 layer (Vector512: 16, 16, 16, 8)
        /// models 171 cycles a row for 2 rows × 4 vectors, 182 for 4 × 2, 217 for 3 × 3: ConvNeXt's 96×56×56 layer ran
        /// 288, 342 and 322 µs, and 476 µs row by row.
        /// </summary>
        private static double BlockCyclesPerRow(KernelPlan plan, VectorTarget target, List<(int Start, int Width)> starts, int rows, int vectors, bool phaseSplit)
        {
            var s = plan.Shape;
            int taps = s.KernelHeight * s.KernelWidth;
            int loadsPerVector = s.StrideWidth == 2 && !phaseSplit ? 2 : 1;
            double cycles = 0;
            for (int first = 0; first < starts.Count; first += vectors)
            {
                var chunk = starts.GetRange(first, Math.Min(vectors, starts.Count - first));
                double fma = (double)rows * taps * chunk.Sum(v => Math.Max(v.Width, target.Width / 2.0) / target.Width);
                double loads = (double)plan.BlockInputRows(rows) * s.KernelWidth * chunk.Count * loadsPerVector + rows * taps;
                cycles += Math.Max(fma, loads);
            }

            int blocks = (plan.OutputHeight + rows - 1) / rows;
            return cycles * blocks / plan.OutputHeight;
        }

        /// <summary>Floats of a channel's phase split at most: it stays in L1 while the channel's blocks read it.</summary>
        private const int MaxPhaseFloats = 4096;

        /// <summary>
        /// The <see cref="PhaseSplit"/> of the row blocks of a stride-2 layer whose rows overhang their vectors
        /// (<see cref="OverhangsRow"/>), or null where they load in place: a window one column wide, or a plane whose split
        /// would not fit L1 (<see cref="MaxPhaseFloats"/>). In place, each input row of a block costs a permute per kernel
        /// column (two loads and a permute a stride-2 vector, and a lane mask); split, two permutes once per channel, and
        /// the taps are plain loads: EfficientNet's 672×14×14 5×5 layer ran in 34 µs rather than 50. (Wider rows gain
        /// nothing: their blocks' loads already serve several vectors, and 3×3 layers with 28- or 56-wide rows ran 1.4–1.6×
        /// slower split, paying for the split in full and for whole-plane blocks.)
        /// </summary>
        private static PhaseSplit? Phases(KernelPlan plan, List<(int Start, int Width)> starts)
        {
            var s = plan.Shape;
            int width = starts[0].Width;
            // Phase kw mod 2 is read from ow + kw div 2: up to the last vector's end plus (KW − 1) div 2.
            int reach = starts.Max(v => v.Start + v.Width) + (s.KernelWidth - 1) / 2;
            int phaseWidth = (reach + width - 1) / width * width;
            if (s.StrideWidth != 2 || s.DilationWidth != 1 || s.KernelWidth < 2 || (long)s.InputHeight * 2 * phaseWidth > MaxPhaseFloats)
            {
                return null;
            }

            var stores = new List<TileVector>();
            for (int x = 0; x < phaseWidth; x += width)
            {
                var both = Vector(s, width, x, x, columnsLooped: false, lanes: width);
                stores.Add(new TileVector(x, width, new EquatableArray<LoadKind>(both.Loads.Take(2).ToList()), new EquatableArray<int>(both.LaneMasks.Take(2).ToList()),
                    new EquatableArray<int>(both.Shifts.Take(2).ToList())));
            }

            return new PhaseSplit(phaseWidth, new EquatableArray<TileVector>(stores));
        }

        /// <summary>Whether a depthwise layer's rows may take <see cref="RowBlock"/>s on the target (see <see cref="WithRowBlock"/>).</summary>
        private static bool TakesRowBlocks(KernelPlan plan, VectorTarget target)
        {
            var s = plan.Shape;
            bool depthwise = s.InChannelsPerGroup == 1 && s.OutChannelsPerGroup == 1;
            bool reached = plan.RowBlocks == RowBlockReach.AllPaths
                || (plan.RowBlocks == RowBlockReach.Avx2Paths && (target != VectorTarget.Vector128 || plan.OutputWidth < VectorTarget.Vector256.Width));
            return reached && depthwise && s.StrideHeight <= 2 && s.DilationHeight == 1 && s.KernelHeight > s.StrideHeight
                && plan.UnrollOn(target) != WindowUnroll.None && plan.OutputHeight >= 2;
        }

        /// <summary>
        /// Blocks of <paramref name="rows"/> output rows over the longest interior row band, the rows left over going row by
        /// row: where the whole window is unrolled, a single row's independent multiply-adds overlap its neighbours', so a
        /// border row costs little and a block past the band would compute rows twice for nothing.
        /// </summary>
        private static List<BlockRows> InteriorBlockSpans(KernelPlan plan, int rows)
        {
            var band = plan.RowBands.Where(plan.IsInteriorRowBand).OrderByDescending(b => b.Length).FirstOrDefault();
            return band is null || band.Length < rows ? new List<BlockRows>() : new List<BlockRows> { new(band.Start, band.Length / rows, 0, 0) };
        }

        /// <summary>
        /// Blocks of <paramref name="rows"/> output rows down the plane from row 0, the last starting <paramref name="rows"/>
        /// rows before the end (overlapping its neighbour when the rows do not divide the plane); runs of blocks that skip
        /// the same input rows merged. A block's skipped input rows are those above the input or below it.
        /// </summary>
        private static List<BlockRows> BlockSpans(KernelPlan plan, int rows)
        {
            var s = plan.Shape;
            int outputHeight = plan.OutputHeight;
            var starts = Enumerable.Range(0, outputHeight / rows).Select(b => b * rows).ToList();
            if (outputHeight % rows != 0)
            {
                starts.Add(outputHeight - rows);
            }

            var spans = new List<BlockRows>();
            int inputRows = plan.BlockInputRows(rows);
            foreach (int oh in starts)
            {
                long top = (long)oh * s.StrideHeight - s.PadTop;
                int skipTop = (int)Math.Min(inputRows, Math.Max(0, -top));
                int skipBottom = (int)Math.Min(inputRows - skipTop, Math.Max(0, top + inputRows - s.InputHeight));
                var last = spans.Count == 0 ? null : spans[spans.Count - 1];
                if (last is not null && last.SkipTop == skipTop && last.SkipBottom == skipBottom && oh - last.Start == last.Count * rows)
                {
                    spans[spans.Count - 1] = last with { Count = last.Count + 1 };
                }
                else
                {
                    spans.Add(new BlockRows(oh, 1, skipTop, skipBottom));
                }
            }

            return spans;
        }

        /// <summary>
        /// Multiply-adds a block tile of <paramref name="rows"/> output rows writes out per vector: every tap of every row
        /// for windows up to <see cref="BlockMaxTaps"/> (their tuned budget: 7×7 takes R·V ≤ 11), and for larger ones only
        /// the rows its loop leaves unrolled plus one loop body (see <see cref="LoopedInputRows"/>): ConvMixer's 9×9 and
        /// RepLKNet's 31×31 depthwise windows fit the budget that way.
        /// </summary>
        private static long UnrolledBlockFmas(ConvShape s, int rows, bool weightsInRegisters, int partials)
        {
            long taps = (long)s.KernelHeight * s.KernelWidth;
            var (first, end) = LoopedInputRows(s, rows, weightsInRegisters, partials);
            return taps <= BlockMaxTaps || end == first ? rows * taps : (long)rows * s.KernelWidth * (s.KernelHeight - (end - first) + 1);
        }

        /// <summary>Input rows that a block tile loops over rather than unrolls: at least two.</summary>
        private const int MinLoopedInputRows = 2;

        /// <summary>
        /// The input rows [first, end) of a tile of <paramref name="rows"/> output rows that serve every one of them, looped
        /// where each weight is broadcast per use and each output vector has one accumulator (the loop body then differs from
        /// row to row only in offsets); (0, 0) where the tile unrolls every input row.
        /// </summary>
        private static (int First, int End) LoopedInputRows(ConvShape s, int rows, bool weightsInRegisters, int partials)
        {
            int first = (rows - 1) * s.StrideHeight, end = s.KernelHeight;
            return !weightsInRegisters && partials == 1 && end - first >= MinLoopedInputRows ? (first, end) : (0, 0);
        }

        /// <summary>Adds a tile method unless an identical one exists; returns the name to call.</summary>
        private static string Add(List<TileMethod> methods, string name, int channels, List<TileVector> vectors, bool rowsLooped, bool columnsLooped, int rows = 1, bool flat = false,
            bool weightsInRegisters = true, int guardTop = 0, int guardBottom = 0, int phaseWidth = 0, int partials = 1, (int First, int End) loopedRows = default)
        {
            var candidate = new TileMethod(name, channels, new EquatableArray<TileVector>(vectors), rowsLooped, columnsLooped, rows, flat, weightsInRegisters, guardTop, guardBottom, phaseWidth, partials)
                { LoopFirst = loopedRows.First, LoopEnd = loopedRows.End };
            foreach (var existing in methods)
            {
                if (existing with { Name = name } == candidate)
                {
                    return existing.Name;
                }
            }

            int suffix = 2;
            string unique = name;
            while (methods.Exists(m => m.Name == unique))
            {
                unique = name + "V" + suffix++;
            }

            methods.Add(candidate with { Name = unique });
            return unique;
        }

        /// <summary>How each kernel column's tap loads the vector of output columns [start, start + width).</summary>
        /// <param name="lanes">Lanes that are outputs: by default those inside the output row.</param>
        internal static TileVector Vector(ConvShape s, int width, int start, int chunkStart, bool columnsLooped, int? lanes = null)
        {
            var loads = new List<LoadKind>();
            var masks = new List<int>();
            var shifts = new List<int>();
            int kernelColumns = columnsLooped ? 1 : s.KernelWidth;
            // Lanes past the output row (a vector overhanging a narrow row) read nothing and are never stored.
            int stored = lanes ?? (int)Math.Min(width, s.Columns.Output - start);
            for (int kw = 0; kw < kernelColumns; kw++)
            {
                int mask = 0;
                for (int lane = 0; lane < stored; lane++)
                {
                    long column = (long)(start + lane) * s.StrideWidth - s.PadLeft + (long)kw * s.DilationWidth;
                    if (columnsLooped || column >= 0 && column < s.InputWidth)
                    {
                        mask |= 1 << lane;
                    }
                }

                long firstColumn = (long)start * s.StrideWidth - s.PadLeft + (long)kw * s.DilationWidth;
                long lastColumn = (long)(start + width - 1) * s.StrideWidth - s.PadLeft + (long)kw * s.DilationWidth;
                bool full = mask == FullMask(width);
                var kind = mask == 0 ? LoadKind.Skip
                    : s.StrideWidth == 1 ? (full ? LoadKind.Contiguous : s.InputWidth >= width ? LoadKind.Shifted : LoadKind.Lanes)
                    : s.StrideWidth != 2 || columnsLooped ? LoadKind.Lanes
                    : full && lastColumn + 1 < s.InputWidth ? LoadKind.Stride2Permute
                    : s.InputWidth >= 2 * width ? LoadKind.Stride2Shifted
                    : s.InputWidth >= width ? LoadKind.Stride2Pair
                    : LoadKind.Lanes;

                // A shifted load starts inside the row, at the nearest column from which its one vector (stride 1) or two
                // vectors (stride 2) fit; a pair's first load at the row's first column.
                long span = s.StrideWidth == 1 ? width : 2 * width;
                long loadStart = kind == LoadKind.Stride2Pair ? 0 : Math.Max(0, Math.Min(firstColumn, s.InputWidth - span));
                loads.Add(kind);
                masks.Add(mask);
                shifts.Add(kind is LoadKind.Shifted or LoadKind.Stride2Shifted or LoadKind.Stride2Pair ? (int)(loadStart - firstColumn) : 0);
            }

            return new TileVector(start - chunkStart, width, new EquatableArray<LoadKind>(loads), new EquatableArray<int>(masks), new EquatableArray<int>(shifts)) { Stored = stored };
        }

        internal static int FullMask(int width) => (int)((1L << width) - 1);
    }
}
