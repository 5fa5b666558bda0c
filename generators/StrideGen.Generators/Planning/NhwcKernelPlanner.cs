using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Chooses an <see cref="NhwcKernelPlan"/> for a resolved NHWC convolution: the "vector over output channels" scheme
    /// (MLAS NCHWc, oneDNN, XNNPACK IGEMM). A register tile is P neighbouring output pixels × L lanes of output channels;
    /// per tap and input channel it costs L weight loads + P input broadcasts for P·L fused multiply-adds (depthwise: P·L
    /// input loads, no broadcast), with P·L accumulators + L weights + 1 input in registers.
    /// </summary>
    internal static class NhwcKernelPlanner
    {
        /// <summary>Vector registers a tile may use: 16 on AVX2 (32 with AVX-512), one left spare (as in the NCHW planner).</summary>
        public static int VectorRegisters(int laneWidth) => laneWidth == VectorTarget.Vector512.Width ? 27 : 15;

        /// <summary>
        /// Unrolled multiply-adds per loop step of a tile: a kernel row's taps × the channels of one step × the tile. Far
        /// below the JIT's MinOpts limits, and enough to hide the loop's own few instructions.
        /// </summary>
        public const int UnrolledFmaBudget = 192;

        /// <summary>A step with fewer multiply-adds than this unrolls more input channels, to amortise the loop.</summary>
        private const int ChannelUnrollTarget = 48;

        /// <summary>Most vector lanes per block (32 output channels on Vector256, 64 on Vector512): with more, too few pixels fit the registers.</summary>
        private const int MaxVectorLanes = 4;

        /// <summary>Most scalar accumulators per pixel in the scalar path.</summary>
        private const int MaxScalarLanes = 8;

        /// <summary>
        /// Independent multiply-adds needed to keep both FMA ports busy: 2 ports × 4–5 cycles of latency (Intel 4, AMD Zen 2
        /// 5). A tile with fewer accumulators, or a border pixel with fewer in its sets, waits on the latency.
        /// </summary>
        private const int FmasInFlight = 10;

        /// <summary>Most accumulator sets of the border pixel.</summary>
        private const int MaxPixelSets = 4;

        /// <param name="vector128Fallback">
        /// Whether the plan has a Vector128 path wherever a group has at least 4 channels (a layer's own kernel), rather than
        /// only for groups of 4 to 7 (the kernels of channel blocks and channels-last copies, whose drivers leave Vector128 to
        /// the layer's NCHW kernel).
        /// </param>
        /// <param name="compactBelow">
        /// The vector paths narrower than this many lanes take one tap at a time in their tiles and leave border columns to
        /// pixel methods, as windows too large to unroll do: for a layer whose kernel class would otherwise be too long
        /// (see <c>ConvLayerEmitter.Plans</c>), first the Vector128 path (4 lanes), then Vector256, then all.
        /// </param>
        public static NhwcKernelPlan Plan(ConvShape shape, bool vector128Fallback = false, int compactBelow = 0)
        {
            long Budget(int laneWidth) => laneWidth < compactBelow ? 0 : UnrolledFmaBudget;
            var rows = shape.Rows;
            var columns = shape.Columns;
            int outputHeight = (int)rows.Output;
            int outputWidth = (int)columns.Output;
            var scheme = shape.InChannelsPerGroup == 1 && shape.OutChannelsPerGroup == 1 ? NhwcScheme.Depthwise : NhwcScheme.Broadcast;

            // The channels one sequence of blocks covers: a group's output channels, or every channel for depthwise.
            int channels = scheme == NhwcScheme.Depthwise ? shape.OutChannels : shape.OutChannelsPerGroup;
            var row = new RowShape((int)columns.InteriorBegin, (int)(columns.InteriorEnd - columns.InteriorBegin), outputWidth);

            NhwcPath? vector = channels >= NhwcKernelPlan.VectorWidth
                ? ChoosePath(shape, scheme, channels, NhwcKernelPlan.VectorWidth, MaxVectorLanes, row, Budget(NhwcKernelPlan.VectorWidth))
                : null;
            int wide = VectorTarget.Vector512.Width;
            NhwcPath? vector512 = channels >= wide ? ChoosePath(shape, scheme, channels, wide, MaxVectorLanes, row, Budget(wide)) : null;
            // Vector128 runs groups of 4 to 7 channels, which no Vector256 fills, and (as the fallback) every layer where
            // Vector256 is not accelerated (x64 without AVX2, Arm64's NEON), which would otherwise fall to the scalar path.
            int narrow = VectorTarget.Vector128.Width;
            NhwcPath? vector128 = (vector is null || vector128Fallback) && channels >= narrow ? ChoosePath(shape, scheme, channels, narrow, MaxVectorLanes, row, Budget(narrow)) : null;
            NhwcPath scalar = ChoosePath(shape, scheme, channels, 1, MaxScalarLanes, row, Budget(1));

            return new NhwcKernelPlan(
                shape,
                outputHeight,
                outputWidth,
                scheme,
                OutputBands.Of(rows, outputHeight),
                OutputBands.Of(columns, outputWidth),
                vector,
                scalar)
            {
                Vector512 = vector512,
                Vector128 = vector128,
                // Vectors run over output channels, so a multi-threaded layer splits output rows.
                RowSplit = shape.Threads > 1 ? WorkSplit.Of(WorkUnit.Rows, outputHeight, shape.Threads) : null,
            };
        }

        /// <summary>The interior columns of every output row [<see cref="InteriorBegin"/>, +<see cref="InteriorWidth"/>) and the row's width.</summary>
        private readonly record struct RowShape(int InteriorBegin, int InteriorWidth, int Width)
        {
            public int InteriorEnd => InteriorBegin + InteriorWidth;
        }

        /// <summary>
        /// The lanes per block with the fewest estimated cycles per output row over all channels (ties: fewer loads per
        /// multiply-add, then fewer lanes), and its blocks.
        /// </summary>
        private static NhwcPath ChoosePath(ConvShape shape, NhwcScheme scheme, int channels, int laneWidth, int maxLanes, RowShape row, long fmaBudget)
        {
            bool vector = laneWidth > 1;
            int lanesLimit = Math.Min(maxLanes, (channels + laneWidth - 1) / laneWidth);
            int bestLanes = 1;
            (double Cycles, double LoadsPerFma) best = (double.MaxValue, double.MaxValue);
            for (int lanes = 1; lanes <= lanesLimit; lanes++)
            {
                double cycles = 0;
                foreach (var (_, _, repeat, _, offsets) in BlockLayout(channels, laneWidth, lanes))
                {
                    cycles += repeat * RowCycles(shape, scheme, offsets.Length, laneWidth, row, vector, fmaBudget);
                }

                int pixels = TilePixels(row.InteriorWidth, MaxPixels(lanes, laneWidth, shape, scheme));
                double loadsPerFma = (double)Loads(scheme, pixels, lanes, vector) / (pixels * lanes);
                if (cycles < best.Cycles - 1e-9 || (cycles < best.Cycles + 1e-9 && loadsPerFma < best.LoadsPerFma - 1e-9))
                {
                    best = (cycles, loadsPerFma);
                    bestLanes = lanes;
                }
            }

            var blocks = new List<ChannelBlock>();
            foreach (var (name, first, repeat, step, offsets) in BlockLayout(channels, laneWidth, bestLanes))
            {
                int lanes = offsets.Length;
                int pixels = TilePixels(row.InteriorWidth, MaxPixels(lanes, laneWidth, shape, scheme));
                var tiles = Tiles(row.InteriorBegin, row.InteriorWidth, pixels);
                var edges = new List<EdgeTile>();
                if (EdgeLayoutPixels(shape, scheme, vector, row, lanes, laneWidth, fmaBudget) is int edgePixels)
                {
                    // The whole row in tiles: edge tiles at both ends, interior tiles between them.
                    pixels = edgePixels;
                    tiles = Tiles(pixels, row.Width - 2 * pixels, pixels);
                    edges = EdgeTiles(shape, row, pixels);
                }

                // The scalar path is the fallback: it keeps only the register tile unrolled, so it stays small.
                long rowFmas = (long)shape.KernelWidth * pixels * lanes;
                var unroll = vector && rowFmas <= fmaBudget ? WindowUnroll.Rows : WindowUnroll.None;
                long stepFmas = unroll == WindowUnroll.Rows ? rowFmas : (long)pixels * lanes;
                int channelUnroll = vector && scheme == NhwcScheme.Broadcast ? ChannelUnroll(shape.InChannelsPerGroup, stepFmas) : 1;
                int sets = !vector ? 1
                    : Math.Min(Math.Min(MaxPixelSets, (FmasInFlight + lanes - 1) / lanes), scheme == NhwcScheme.Depthwise ? shape.KernelHeight : shape.InChannelsPerGroup);
                // Chunks add to the partial sums in the output, so no output may be written twice in a pass: the block's
                // vectors must not overlap (nor the block before), and overlapping tiles leave their overlapped columns alone.
                int chunk = vector && scheme == NhwcScheme.Broadcast && offsets[0] == 0 && offsets.Select((o, i) => o == i * laneWidth).All(x => x)
                    && (edges.Count > 0 || row.InteriorWidth > 0 && row.InteriorWidth % pixels == 0 && row.InteriorWidth == row.Width)
                    ? ChunkChannels(shape, lanes * laneWidth, channelUnroll) : shape.InChannelsPerGroup;
                if (chunk < shape.InChannelsPerGroup && edges.Count > 0)
                {
                    (tiles, edges) = WithoutOverlap(shape, row, pixels, tiles, edges);
                }

                blocks.Add(new ChannelBlock(name, first, repeat, step, new EquatableArray<int>(offsets), pixels, new EquatableArray<PixelRun>(tiles), unroll, channelUnroll, sets,
                    new EquatableArray<EdgeTile>(edges), chunk) { PacksChunks = chunk < shape.InChannelsPerGroup && PacksChunks(shape, laneWidth) });
            }

            var (shared, sharedBlocks) = SharedChunk(shape, blocks);
            return new NhwcPath(laneWidth, new EquatableArray<ChannelBlock>(sharedBlocks)) { SharedChunkChannels = shared };
        }

        /// <summary>
        /// The input channels per pass over every block (<see cref="NhwcPath.SharedChunkChannels"/>) and the blocks with their
        /// chunks fitted to it, or (0, the blocks unchanged). Where every block is chunked, the largest chunk, or else the
        /// smallest, whose weights for all the group's output channels fit <see cref="SharedChunkWeightBytes"/>: each block
        /// keeps a chunk that divides it, and a larger one shrinks to it (a multiple of its channel unroll). Block by block,
        /// a block's chunk reads a few cache lines from each of its HWIO rows (a row per tap and input channel, the whole
        /// layer's output channels long), so every pass streams the weights from memory in short, scattered runs that the
        /// hardware prefetchers do not foresee; chunk by chunk, the first block reads whole rows in order and the other
        /// blocks find them in L2. Measured (A/B, Vector512): ResNet-18's 512 → 512 3×3 layer on 7×7 3.04 → 2.55–2.62 ms.
        /// </summary>
        public static (int Shared, List<ChannelBlock> Blocks) SharedChunk(ConvShape shape, List<ChannelBlock> blocks)
        {
            if (blocks.Count == 0 || blocks.Any(b => b.ChunkChannels >= shape.InChannelsPerGroup))
            {
                return (0, blocks);
            }

            foreach (int chunk in new[] { blocks.Max(b => b.ChunkChannels), blocks.Min(b => b.ChunkChannels) })
            {
                long bytes = (long)shape.KernelHeight * shape.KernelWidth * chunk * shape.OutChannelsPerGroup * sizeof(float);
                if (bytes <= SharedChunkWeightBytes
                    && blocks.All(b => chunk % b.ChunkChannels == 0 || chunk < b.ChunkChannels && chunk % b.ChannelUnroll == 0))
                {
                    return (chunk, blocks.Select(b => chunk % b.ChunkChannels == 0 ? b : b with { ChunkChannels = chunk }).ToList());
                }
            }

            return (0, blocks);
        }

        /// <summary>
        /// A shared chunk's weights for all output channels are kept this small, so they stay in L2 (1 MB a core on Zen 4,
        /// 1.25–2 MB on recent Intel cores; a half for the input and output rows beside them) while every block reads them.
        /// </summary>
        public const int SharedChunkWeightBytes = 512 * 1024;

        /// <summary>
        /// The tile width where a block's rows run wholly in tiles, edge tiles at both ends (see <see cref="EdgePixels"/>):
        /// vector paths whose tile unrolls a kernel row within the budget. Depthwise tiles too: their pixel method has one
        /// accumulator per lane and set, so it waits on the FMA latency, and the JIT keeps a tile's input vectors from one
        /// kernel column to the next, so a tile loads far fewer than one input per multiply-add. ConvNeXt's 96-channel 7×7
        /// layer on 56×56 spent its 6 border columns a row in pixel methods and ran 398 µs; in edge tiles it runs 282 µs.
        /// </summary>
        private static int? EdgeLayoutPixels(ConvShape shape, NhwcScheme scheme, bool vector, RowShape row, int lanes, int laneWidth, long fmaBudget) =>
            vector && EdgePixels(row, MaxPixels(lanes, laneWidth, shape, scheme)) is int pixels
                && (long)shape.KernelWidth * pixels * lanes <= fmaBudget ? pixels : null;

        /// <summary>
        /// The tile width of a row covered wholly by tiles, edge tiles at both ends taking its border columns (each column
        /// reading only its real taps): the row's width in as few tiles of at most <paramref name="maxPixels"/> as possible,
        /// as equal as possible (14 columns with at most 6: tiles of 5, at 0, 5 and 9). Null where the row has no border
        /// columns, no interior, or a border wider than the tile.
        /// </summary>
        private static int? EdgePixels(RowShape row, int maxPixels)
        {
            int pixels = TilePixels(row.Width, maxPixels);
            int left = row.InteriorBegin, right = row.Width - row.InteriorEnd;
            // Between the edges, tiles from column P on; one that ends at W − P, overlapping, starts at W − 2P: inside too.
            int middle = row.Width - 2 * pixels;
            bool middleInterior = middle <= 0 || middle % pixels == 0 || middle >= left;
            return row.InteriorWidth > 0 && left + right > 0 && left <= pixels && right <= pixels && pixels <= row.Width && middleInterior ? pixels : null;
        }

        /// <summary>
        /// The row's tiles with no column written twice: an interior tile that overlaps the one before, and a right edge tile
        /// that overlaps the left one, become edge tiles whose overlapped columns are neither computed nor stored.
        /// </summary>
        private static (List<PixelRun> Tiles, List<EdgeTile> Edges) WithoutOverlap(ConvShape shape, RowShape row, int pixels, List<PixelRun> tiles, List<EdgeTile> edges)
        {
            var kept = new List<PixelRun>();
            var clipped = new List<EdgeTile> { edges[0] };
            int written = pixels; // the left edge tile writes [0, pixels)
            foreach (var run in tiles)
            {
                if (run.Start >= written)
                {
                    kept.Add(run);
                    written = run.End;
                    continue;
                }

                clipped.Add(Clipped(run.Start, written));
                written = run.End;
            }

            if (edges.Count > 1)
            {
                clipped.Add(Clipped(edges[1].Start, written));
            }

            return (kept, clipped);

            EdgeTile Clipped(int start, int writtenUpTo) => EdgeTileAt(shape, start, pixels, writtenUpTo);
        }

        /// <summary>The edge tiles of <paramref name="pixels"/> columns at the row's first and last columns (one, when the row is one tile wide).</summary>
        private static List<EdgeTile> EdgeTiles(ConvShape shape, RowShape row, int pixels)
        {
            var edges = new List<EdgeTile> { EdgeTileAt(shape, 0, pixels, writtenUpTo: 0) };
            if (row.Width > pixels)
            {
                edges.Add(EdgeTileAt(shape, row.Width - pixels, pixels, writtenUpTo: 0));
            }

            return edges;
        }

        /// <summary>
        /// An edge tile of <paramref name="pixels"/> columns from <paramref name="start"/>: each column reads its kernel
        /// columns on real input, except those before <paramref name="writtenUpTo"/>, which another tile writes.
        /// </summary>
        private static EdgeTile EdgeTileAt(ConvShape shape, int start, int pixels, int writtenUpTo) =>
            new EdgeTile(start, new EquatableArray<KernelColumns>(Enumerable.Range(start, pixels).Select(column =>
            {
                if (column < writtenUpTo)
                {
                    return new KernelColumns(0, 0, Stored: false);
                }

                var taps = shape.Columns.ValidTaps(column);
                return new KernelColumns(taps.First, taps.End);
            }).ToList()));

        /// <summary>
        /// Blocks of <paramref name="lanes"/> lanes over <paramref name="channels"/> channels, and one block for the rest. In
        /// the vector path the rest's last vector starts early enough to end at the last channel, overlapping its neighbour;
        /// that needs at least 8 channels, which the caller guarantees.
        /// </summary>
        private static IEnumerable<(string Name, int First, int Repeat, int Step, int[] Offsets)> BlockLayout(int channels, int laneWidth, int lanes)
        {
            int width = lanes * laneWidth;
            int count = channels / width;
            int rest = channels % width;
            if (count > 0)
            {
                var offsets = new int[lanes];
                for (int i = 0; i < lanes; i++)
                {
                    offsets[i] = i * laneWidth;
                }

                yield return (Name(width), 0, count, width, offsets);
            }

            if (rest > 0)
            {
                int restLanes = (rest + laneWidth - 1) / laneWidth;
                var offsets = new int[restLanes];
                for (int i = 0; i < restLanes; i++)
                {
                    offsets[i] = i * laneWidth;
                }

                offsets[restLanes - 1] = rest - laneWidth;
                yield return (Name(rest), count * width, 1, rest, offsets);
            }
        }

        /// <summary>A block's name in its method names: the channels it adds.</summary>
        private static string Name(int channels) => channels.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Pixels per tile that fit the registers with <paramref name="lanes"/> lanes: P·L accumulators + L weights + 1 input.
        /// A depthwise tile whose kernel row has several taps needs P·L more: its input vectors repeat from one kernel column
        /// to the next (pixel p at column kw + 1 reads what pixel p + 1 read at kw, stride 1), and the JIT keeps each loaded
        /// vector for its later uses rather than load it again. Counted as one register each, ConvNeXt's 32-channel 7×7
        /// tile of 10 pixels held 20 accumulators and spilled the inputs it kept to the stack. A broadcast tile at a stride
        /// below its window's width keeps one broadcast input more a pixel the same way (pixel p at column kw + stride
        /// reads what pixel p + 1 read at kw): ResNet's 7×7 stride-2 stem in NHWC, 5 pixels × 4 lanes, stored 24 vectors
        /// to its frame per tile and ran 2.13 ms; at 4 pixels it stores none and runs 2.03–2.10 ms.
        /// </summary>
        private static int MaxPixels(int lanes, int laneWidth, ConvShape shape, NhwcScheme scheme)
        {
            int perPixel = scheme == NhwcScheme.Depthwise && shape.KernelWidth > 1 ? 2 * lanes
                : scheme == NhwcScheme.Broadcast && shape.StrideWidth > 1 && shape.KernelWidth > shape.StrideWidth ? lanes + 1
                : lanes;
            return Math.Max(1, (VectorRegisters(laneWidth) - 1 - lanes) / perPixel);
        }

        /// <summary>
        /// The tile width for an interior of <paramref name="width"/> columns: as few tiles as <paramref name="maxPixels"/>
        /// allows, as equal as possible (14 columns with at most 6: tiles of 5), so no narrow leftover tile runs short of
        /// independent accumulators.
        /// </summary>
        private static int TilePixels(int width, int maxPixels)
        {
            if (width <= 0)
            {
                return Math.Min(maxPixels, 1);
            }

            int tiles = (width + maxPixels - 1) / maxPixels;
            return (width + tiles - 1) / tiles;
        }

        /// <summary>Tiles of <paramref name="pixels"/> side by side from <paramref name="begin"/>, the last one ending at the interior's end (overlapping when it must).</summary>
        private static List<PixelRun> Tiles(int begin, int width, int pixels)
        {
            var runs = new List<PixelRun>();
            if (width <= 0)
            {
                return runs;
            }

            int whole = width / pixels;
            if (whole > 0)
            {
                runs.Add(new PixelRun(begin, whole, pixels));
            }

            if (width % pixels != 0)
            {
                runs.Add(new PixelRun(begin + width - pixels, 1, pixels));
            }

            return runs;
        }

        /// <summary>
        /// Estimated cycles per output row, per tap and input channel, of one block with <paramref name="lanes"/> lanes:
        /// each tile needs max(FMAs, loads, FMA latency × ports) / 2 (two FMA and two load ports; each accumulator takes one
        /// FMA per step, so fewer than 8 accumulators wait on the 4-cycle latency). Border columns are in edge tiles where
        /// they fit (vector path), otherwise single pixels with their accumulator sets.
        /// </summary>
        private static double RowCycles(ConvShape shape, NhwcScheme scheme, int lanes, int laneWidth, RowShape row, bool vector, long fmaBudget)
        {
            double cycles = 0;
            if (EdgeLayoutPixels(shape, scheme, vector, row, lanes, laneWidth, fmaBudget) is int edgePixels)
            {
                // The whole row in tiles: the edge tiles (which skip the taps on padding, counted as whole) and those between.
                int tiles = (row.Width > edgePixels ? 2 : 1) + Tiles(edgePixels, row.Width - 2 * edgePixels, edgePixels).Sum(run => run.Count);
                return tiles * TileCycles(scheme, edgePixels, lanes, vector);
            }

            int pixels = TilePixels(row.InteriorWidth, MaxPixels(lanes, laneWidth, shape, scheme));
            foreach (var run in Tiles(row.InteriorBegin, row.InteriorWidth, pixels))
            {
                cycles += run.Count * TileCycles(scheme, run.Pixels, lanes, vector);
            }

            int sets = vector ? Math.Min(MaxPixelSets, (FmasInFlight + lanes - 1) / lanes) : 1;
            return cycles + (row.Width - row.InteriorWidth) * Math.Max(Math.Max(lanes, Loads(scheme, 1, lanes, vector)), (double)FmasInFlight / sets) / 2.0;
        }

        private static double TileCycles(NhwcScheme scheme, int pixels, int lanes, bool vector) =>
            Math.Max(Math.Max(pixels * lanes, Loads(scheme, pixels, lanes, vector)), FmasInFlight) / 2.0;

        /// <summary>
        /// Loads per tap and input channel: the weights once, and each pixel's input (broadcast, or a vector per lane for
        /// depthwise). A depthwise block of one vector reads half of each 64-byte cache line of the input per pass, so
        /// its input loads count double (measured: 8-channel depthwise blocks ran at about two thirds of 16-channel ones).
        /// </summary>
        private static int Loads(NhwcScheme scheme, int pixels, int lanes, bool vector) =>
            scheme != NhwcScheme.Depthwise ? pixels + lanes
            : pixels * lanes * (vector && lanes == 1 ? 2 : 1) + lanes;

        /// <summary>
        /// Whether chunked blocks copy each chunk's weights contiguous to the stack: where the output channels are a multiple
        /// of 128 (HWIO rows a multiple of 512 bytes apart, so a chunk's rows crowd into at most 8 of L1's 64 sets) and the
        /// map has at least 256 output pixels to pay for the copy, which waits on memory with no arithmetic to hide it.
        /// Measured (sweep, ONNX Runtime's time over ours): 1024 → 1024 1×1 on 16×16 0.89 → 0.94, 256 → 256 3×3 on 32×32
        /// 0.88 → 0.91–0.96, ResNet-18's 64 → 128 stride-2 layer on 56×56 0.98–1.00 → 1.04–1.08; but 512 → 512 3×3 on 8×8
        /// 1.03 → 0.88, and VGG's 512 → 512 on 14×14 (196 pixels) 0.96–0.98 → 0.95–0.96. Paths narrower than Vector512
        /// pack on any map: their tiles of 16 registers hold 3 or 4 pixels, so each weight vector loaded serves a few
        /// multiply-adds and the weights' reads from L2 bound the tile (A/B, chunks shared as in
        /// <see cref="SharedChunk"/>: Vector256 512 → 512 3×3 on 7×7 5.22 → 4.22 ms, on 8×8 5.62–5.72 → 4.87–4.99 ms,
        /// 256 → 256 on 14×14 3.55–3.62 → 2.78–2.79 ms; the same on Vector512, whose 7-pixel tiles read each weight vector
        /// for 7 pixels, 2.73 → 3.31 ms, 3.39–3.44 → 4.01 ms and 2.23–2.29 → 2.34–2.35 ms).
        /// </summary>
        public static bool PacksChunks(ConvShape shape, int laneWidth) =>
            shape.OutChannels % 128 == 0 && (laneWidth < VectorTarget.Vector512.Width || shape.OutputHeight * shape.OutputWidth >= 256);

        /// <summary>
        /// A block's weights for one pass over the output rows are kept this small, so they stay in L1 (32 KB on the x64 cores
        /// this is tuned on) beside the input rows a tile reads: a 512-channel 3×3 layer's 16-channel block has 295 KB of
        /// weights, which every tile of every row would otherwise stream from L2 again.
        /// </summary>
        public const int ChunkWeightBytes = 24 * 1024;

        /// <summary>Blocks whose weights for all input channels fit in this many bytes (L2-resident, re-read cheaply) are not chunked.</summary>
        public const int ChunkAboveWeightBytes = 96 * 1024;

        /// <summary>
        /// The input channels per pass of a block of <paramref name="blockChannels"/> output channels: all of the group's
        /// where its weights fit <see cref="ChunkAboveWeightBytes"/>, else the largest divisor whose weights fit
        /// <see cref="ChunkWeightBytes"/> and which is a multiple of the channel unroll (all, where none is).
        /// </summary>
        private static int ChunkChannels(ConvShape shape, int blockChannels, int channelUnroll)
        {
            long BytesFor(int channels) => (long)shape.KernelHeight * shape.KernelWidth * channels * blockChannels * sizeof(float);
            int all = shape.InChannelsPerGroup;
            if (BytesFor(all) <= ChunkAboveWeightBytes)
            {
                return all;
            }

            for (int chunk = all - 1; chunk >= channelUnroll; chunk--)
            {
                if (all % chunk == 0 && chunk % channelUnroll == 0 && BytesFor(chunk) <= ChunkWeightBytes)
                {
                    return chunk;
                }
            }

            return all;
        }

        /// <summary>The largest divisor of the group's input channels that keeps a channel-loop step near <see cref="ChannelUnrollTarget"/> multiply-adds.</summary>
        private static int ChannelUnroll(int inChannelsPerGroup, long fmasPerChannel)
        {
            long most = Math.Min(inChannelsPerGroup, Math.Max(1, Math.Max(ChannelUnrollTarget, fmasPerChannel) / fmasPerChannel));
            for (int unroll = (int)most; unroll > 1; unroll--)
            {
                if (inChannelsPerGroup % unroll == 0)
                {
                    return unroll;
                }
            }

            return 1;
        }
    }
}
