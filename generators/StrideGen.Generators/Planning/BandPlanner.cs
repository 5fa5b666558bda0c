using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Chooses a <see cref="BandPlan"/> for a vector path where packing bands beats loading the input in place: layers
    /// with enough output channels per group that packing a band of the group's input channels, which costs about one load
    /// and store per packed float, is paid back many times by the output channels that read it (a grouped layer packs and
    /// runs each group in turn, as a layer of its own). At stride 2 always: in place, a stride-2 vector
    /// costs two loads and a permute that competes with the multiply-adds, and a 28-wide row wastes a quarter of a 16-lane
    /// vector. Above stride 2 too, gathered: in place each vector would load its lanes one by one. At stride
    /// 1 (3×3 and smaller windows) only where a band fills the vectors clearly better than a row does.
    /// Packed, every load is contiguous, the band's rows run on into each other, and a few positions left past whole vectors
    /// become dot products.
    /// </summary>
    internal static class BandPlanner
    {
        /// <summary>
        /// The packed block lives on the stack and is read once per output-channel tile, so it is kept within L2 and far
        /// from any thread's stack limit (docs/limits.md: .NET threads get 1–8 MB).
        /// </summary>
        public const int ScratchBytes = 128 * 1024;

        /// <summary>Fewer output channels per group than this do not pay for packing, except as <see cref="MinNarrowOutChannels"/> allows.</summary>
        public const int MinOutChannels = 32;

        /// <summary>
        /// From this many output channels per group up to <see cref="MinOutChannels"/>, a stride-1 window of at least 3×3
        /// taps is packed where the layer's rows fill at most <see cref="MaxNarrowInPlaceLanes"/> of their vectors' lanes on
        /// real input: fewer channels read each packed float, but rows this narrow waste more than the packing costs. SSD's
        /// 24-channel box heads ran 1.6× faster as bands on 10×10 maps and 1.25× on 19×19 ones, LeNet's 16-channel 5×5 layer
        /// 1.4×; on 38×38 (95% of lanes in place) SSD's 16-channel head ran 8% slower packed, and DeepLab's 21-channel 1×1
        /// classifier on 33×33 10% slower.
        /// </summary>
        public const int MinNarrowOutChannels = 16;

        /// <summary>The share of lanes on real input in place (see <see cref="InPlaceLanes"/>) below which layers of few output channels pack (10-wide rows: 0.58, 19-wide: 0.79, 28-wide: 0.93).</summary>
        private const double MaxNarrowInPlaceLanes = 0.85;

        /// <summary>Taps of the smallest window packed for layers of fewer than <see cref="MinOutChannels"/> output channels.</summary>
        private const int MinNarrowTaps = 9;

        /// <summary>Vectors of band positions per tile at most.</summary>
        private const int MaxVectors = 4;

        /// <summary>
        /// Estimated fraction of the FMA peak a tile height reaches over a band: each call's step (one packed row) takes the
        /// longest of its multiply-adds (a 16-lane FMA a cycle, or two of 8 or 4 lanes), its loads (two a cycle: T broadcasts
        /// and V vectors) and the FMA latency (4 cycles, as every accumulator is updated once a step); the work is the
        /// band's positions for each output channel, against 16 lanes a cycle. Ties go to more accumulators (see <see cref="Plan"/>),
        /// which measured faster than the model says.
        /// </summary>
        private static double Speed(int t, List<List<(int Start, int Width)>> calls, int positions, int tail)
        {
            if (t == 0)
            {
                return 0;
            }

            // Each tail position is a dot product per output channel: a 16-lane FMA per 16 inputs (two loads each).
            double cycles = t * tail * 2 / 16.0;
            foreach (var call in calls)
            {
                double fma = t * call.Sum(v => v.Width == 16 ? 1.0 : 0.5);
                double loads = (t + call.Count) / 2.0;
                cycles += Math.Max(Math.Max(fma, loads), 4.0);
            }

            return t * positions / (16.0 * cycles);
        }

        /// <summary>
        /// Multiply-add cycles a Vector256 tile's step needs to run at the FMA rate: with just the FMA latency's worth (4
        /// cycles: a tile of 8 accumulators, 4 output channels × 2 vectors, whose 8 FMAs take 4 cycles at two a cycle) every
        /// late load stalls every chain, which <see cref="Speed"/> does not see. Measured with AVX-512 off (A/B in one
        /// process against the tiles chosen without it): in bands, tiles of 6 × 2 ran ResNet's stride-2 3×3 layers
        /// 1.09–1.23× faster and ResNet-50's 1×1 layers 1.05–1.25×; in place, 6 × 2 instead of 3 × 3 ran ResNet-50's
        /// 256 → 128 1×1 layer on 56×56 1.33–1.38× faster and YOLOv5's 80×80 head 1.17–1.19×. Vector512 tiles have 5 or
        /// more 16-lane FMAs a step wherever they have 5 accumulators; on Vector128 (SSE without FMA, or NEON) it measured
        /// no better.
        /// </summary>
        private const double SlackCycles = 5;

        /// <summary>
        /// The share of its modelled speed a tile keeps on <paramref name="target"/> where its step has
        /// <paramref name="fmaCycles"/> of multiply-adds, fewer than <see cref="SlackCycles"/> (Vector256 only). It weighs
        /// tile shapes against each other (here, within one band shape; in <see cref="KernelPlanner"/>, along rows).
        /// </summary>
        internal static double Slack(VectorTarget target, double fmaCycles) =>
            target == VectorTarget.Vector256 ? Math.Min(1.0, fmaCycles / SlackCycles) : 1.0;

        /// <summary>
        /// Taps of the largest stride-1 window packed in bands where rows could run in place (5×5: AlexNet's second layer
        /// and Inception's 5×5 branches, whose 27- and 35-wide rows fill 84% and 88% of their vectors, ran 1.11× and 1.07×
        /// faster as bands). Larger windows stay in place: their tiles loop over kernel rows either way.
        /// </summary>
        public const int MaxStride1Taps = 25;

        /// <summary>
        /// The same limit for a plan asked for narrow stride-1 bands (<see cref="KernelPlan.WideStride1Bands"/> false): 3×3,
        /// whose tile methods unroll few enough taps that a band plan's extra tile shapes keep the kernel class short.
        /// </summary>
        public const int MaxNarrowStride1Taps = 9;

        /// <summary>How much better a stride-1 band must use its vectors' lanes than the layer's rows do to be packed.</summary>
        private const double MinLaneGain = 0.03;

        /// <summary>
        /// Lanes doing real work when <paramref name="positions"/> consecutive outputs are covered by the target's vectors
        /// (see <see cref="KernelPlanner.VectorStarts"/>), counting a 16-lane vector as two 8-lane halves (Zen 4 splits it).
        /// </summary>
        private static double Lanes(VectorTarget target, int positions, int tail = 0)
        {
            // A dot product costs one FMA per 16 (or 8) inputs: an eighth of an 8-lane half's work per position.
            var starts = KernelPlanner.VectorStarts(target, 0, positions - tail);
            return starts.Count == 0 ? 0 : (double)positions / (VectorTarget.Vector256.Width
                * (starts.Sum(v => Math.Max(v.Width, VectorTarget.Vector256.Width) / VectorTarget.Vector256.Width) + tail / (double)VectorTarget.Vector256.Width));
        }

        /// <summary>
        /// Lanes doing real work in the layer's in-place plan: rows of the output width, or (a "same" stride-1 map narrower
        /// than 8) each plane as one run of positions. In a row, a vector skips a kernel column whose taps all fall on
        /// padding, and its lanes on padding under the other columns do no real work (see <see cref="RealTapFraction"/>).
        /// </summary>
        private static double InPlaceLanes(KernelPlan plan, VectorTarget target)
        {
            int width = plan.OutputWidth;
            if (width < target.Width && width < VectorTarget.Vector256.Width)
            {
                return Lanes(target, width * plan.OutputHeight); // a flat plane (or, where none is planned, at best as good)
            }

            var columns = plan.Shape.Columns;
            var valid = Enumerable.Range(0, width).Select(ow => columns.ValidTaps(ow)).ToList();
            double real = valid.Sum(t => t.End - t.First), issued = 0;
            foreach (var (start, lanes) in KernelPlanner.VectorStarts(target, 0, width))
            {
                // A 16-lane vector counts as two 8-lane halves, as in Lanes.
                int halves = Math.Max(lanes, VectorTarget.Vector256.Width) / VectorTarget.Vector256.Width;
                issued += halves * VectorTarget.Vector256.Width
                    * Enumerable.Range(0, columns.Kernel).Count(kw => valid.Skip(start).Take(lanes).Any(t => kw >= t.First && kw < t.End));
            }

            return issued == 0 ? 0 : real / issued;
        }

        /// <summary>
        /// The share of a path's multiply-add lanes that read real input, as <see cref="Plan"/> estimates it: a band's lanes
        /// times its real taps, or the in-place plan's real lanes (see <see cref="RegionPlanner"/>, which weighs its regions
        /// against this).
        /// </summary>
        internal static double RealLaneShare(KernelPlan plan, VectorTarget target, VectorPlan planned) =>
            planned.Band is { } band
                ? Lanes(target, band.Positions, band.Tail) * RealTapFraction(plan.Shape)
                : InPlaceLanes(plan, target);

        /// <summary>
        /// The fraction of a band's multiply-adds that read real input: a band computes every tap at every position, its
        /// taps on padding multiplying packed zeros. In place, the border rows skip those kernel rows and the border vectors
        /// those kernel columns (<see cref="InPlaceLanes"/>). Near 1 for "same" 3×3 layers (0.98 at 56×56); far below where
        /// a large dilation puts whole kernel rows on padding (DeepLab's rate-18 ASPP branch on a 33×33 map: 0.4).
        /// </summary>
        private static double RealTapFraction(ConvShape s) => s.Rows.RealTapShare * s.Columns.RealTapShare;

        /// <summary>
        /// Strides above 2 across are gathered (<see cref="Gathered"/>) up to this one: AlexNet's 11×11 stride-4
        /// first layer, strided 1-D signal layers.
        /// </summary>
        private const int MaxGatheredStride = 8;

        /// <summary>
        /// Whether input rows are gathered rather than packed in vectors permuted from pairs of loads: strides above 2
        /// across, whose vectors span more than two loads. Up to stride 5 on Vector512 a vector is folded from its loads by
        /// a chain of permutes, further strides and the rows' last columns are copied float by float; either is paid back
        /// by the output channels reading each packed float (AlexNet's 96 channels × 121 taps).
        /// </summary>
        public static bool Gathered(ConvShape s) => s.StrideWidth > 2;

        /// <summary>Positions at a band's end left to dot products at most: more would cost more than one more vector.</summary>
        private static int MaxTail(VectorTarget target) => target.Width / 2 - 1;

        /// <summary>Taps of the largest window a tile unrolls whole (5×5); larger ones loop over kernel rows, for shorter tile methods.</summary>
        private const int MaxUnrolledTaps = 25;

        /// <summary>Stores the packing method unrolls at most: one window row's, in each residue's loop over rows.</summary>
        private const int MaxPackStores = 256;

        /// <summary>The band plan of <paramref name="target"/>, or null where the layer runs better in place.</summary>
        public static VectorPlan? Plan(KernelPlan plan, VectorTarget target)
        {
            var s = plan.Shape;
            if (target.Width < VectorTarget.Vector256.Width || s.StrideWidth > MaxGatheredStride || s.OutChannelsPerGroup < MinNarrowOutChannels || plan.UnrollOn(target) == WindowUnroll.None)
            {
                return null;
            }

            if (s.OutChannelsPerGroup < MinOutChannels && !(s.StrideWidth == 2 && s.StrideHeight == 2)
                && (s.StrideHeight != 1 || s.StrideWidth != 1 || s.KernelHeight * s.KernelWidth < MinNarrowTaps || InPlaceLanes(plan, target) > MaxNarrowInPlaceLanes))
            {
                return null;
            }

            int outputWidth = plan.OutputWidth, outputHeight = plan.OutputHeight;
            // Input rows are packed in vectors of the path's width, or narrower ones where the output is narrower; each from
            // one load (stride 1) or two (stride 2) inside the row, so the row must be that many vectors wide.
            int packWidth = new[] { target.Width, VectorTarget.Vector256.Width, VectorTarget.Vector128.Width }
                .FirstOrDefault(width => width <= outputWidth && s.StrideWidth * width <= s.InputWidth);
            int taps = s.KernelHeight * s.KernelWidth;
            // A tile either unrolls the whole window or loops over kernel rows, one loop per residue class of its rows.
            int rowClasses = BandPlan.KernelRowClasses(s.KernelHeight, s.DilationHeight, s.StrideHeight).Count();
            if (packWidth == 0 || (long)rowClasses * s.KernelWidth * 8 > KernelPlanner.UnrolledFmaBudget)
            {
                return null;
            }

            var stores = PackRow(s, outputWidth, VectorTarget.OfWidth(packWidth));
            BandPlan? best = null;
            double bestScore = double.MinValue;
            (int Channels, int Vectors) bestTile = default;
            bool skipBorderRows = plan.SkipBorderRows && (!plan.BorderSkipsOnVector512Only || target == VectorTarget.Vector512);
            for (int rows = 1; rows <= outputHeight; rows++)
            {
                int positions = rows * outputWidth;
                if (outputHeight % rows != 0 || positions < target.Width)
                {
                    continue;
                }

                // Window rows ky = r·stride + kh·dilation, stored by residue and quotient of the stride.
                var window = Enumerable.Range(0, rows).SelectMany(r => Enumerable.Range(0, s.KernelHeight).Select(kh => r * s.StrideHeight + kh * s.DilationHeight))
                    .Distinct().OrderBy(ky => ky).ToList();
                // The band's last positions may be left to dot products, when there are few of them past whole vectors.
                int rest = positions % target.Width;
                var tails = new List<int> { 0 };
                if (rest > 0 && rest <= MaxTail(target) && positions - rest >= target.Width)
                {
                    tails.Add(rest);
                }

                // On the Vector512 path the band may also end in an 8-lane vector (see KernelPlanner.VectorStarts) and leave
                // the few positions past it to dot products: a 5×5 map is 16 + 8 + 1 positions rather than 16 + 16 with 7
                // computed twice, a 13×13 map 10 × 16 + 8 + 1.
                int rest8 = positions % VectorTarget.Vector256.Width;
                if (target == VectorTarget.Vector512 && rest8 > 0 && rest8 != rest && rest8 <= MaxTail(VectorTarget.Vector256) && positions - rest8 >= target.Width)
                {
                    tails.Add(rest8);
                }

                foreach (int tail in tails)
                {
                var candidate = new BandPlan(rows, positions, 0, new EquatableArray<int>(window), stores, new EquatableArray<BandCover>(new BandCover[0]), tail);
                int chunk = Divisors(s.InChannelsPerGroup).Where(c => BlockFloats(candidate with { ChunkChannels = c }, s, outputWidth) * sizeof(float) <= ScratchBytes).DefaultIfEmpty(0).Max();
                if (chunk == 0 || !Gathered(s) && (long)s.StrideHeight * stores.Count > MaxPackStores)
                {
                    continue;
                }

                // Packing costs about a cycle per stored vector (a float a cycle where gathered), against the tiles' 16 lanes
                // of multiply-adds a cycle.
                double packFraction = (double)window.Count * stores.Count(v => !v.Lanes.All(l => l < 0)) * (Gathered(s) ? VectorTarget.OfWidth(stores[0].Width).Width : 1) * 16
                    / ((double)s.OutChannelsPerGroup * taps * positions);

                int chunks = s.InChannelsPerGroup / chunk;
                var starts = KernelPlanner.VectorStarts(target, 0, positions - tail);
                // This band's tile: the fastest once slack is weighed (its widest call's step; see Slack); the bands compare by the model alone.
                double tileScore = double.MinValue, tileSpeed = double.MinValue;
                (int Channels, int Vectors, bool Looped, bool LoopedColumns, List<List<(int Start, int Width)>> Calls)? tile = null;
                for (int v = 1; v <= Math.Min(MaxVectors, starts.Count); v++)
                {
                    for (int t = 1; t <= Math.Min(target.Registers / 2, s.OutChannelsPerGroup); t++)
                    {
                        // T·V accumulators, V loaded vectors and the broadcast weight, one register spare; the window's taps unrolled
                        // within the budget, or else its kernel rows looped (each class's row of taps unrolled; no tail then).
                        bool looped = taps > MaxUnrolledTaps || (long)taps * t * v > KernelPlanner.UnrolledFmaBudget;
                        bool loopedColumns = looped && (plan.LoopBandColumns || rowClasses * s.KernelWidth > MaxUnrolledTaps);
                        if (t * v + v + 1 > target.Registers - 1 || plan.WholeChannelTiles && s.OutChannelsPerGroup % t != 0
                            || !KernelPlanner.FitsL1Sets(t, (long)s.InChannelsPerGroup * taps)
                            || looped && (tail > 0 || (long)rowClasses * (loopedColumns ? 1 : s.KernelWidth) * t * v > KernelPlanner.UnrolledFmaBudget))
                        {
                            continue;
                        }

                        var calls = Chunk(starts, v);
                        if (chunks > 1 && OverlapsAcrossCalls(calls))
                        {
                            continue; // a later chunk would add to outputs a neighbouring call already updated
                        }

                        int remainder = s.OutChannelsPerGroup % t;
                        double tiles = ((s.OutChannelsPerGroup - remainder) * Speed(t, calls, positions, tail) + remainder * Speed(remainder, calls, positions, tail)) / s.OutChannelsPerGroup;
                        // A whole-plane band's vectors that leave out kernel rows on padding do that much less work.
                        double saving = BorderSkips(s, rows, outputWidth, looped, skipBorderRows, calls).Saving;
                        tiles /= 1 - saving;
                        // Each later chunk loads and stores every output vector once more: two memory operations against the
                        // multiply-adds of the whole window (a group's input channels·taps a vector).
                        double chunkCost = 2.0 * (chunks - 1) / ((double)s.InChannelsPerGroup * taps);
                        double speed = tiles / (1 + tiles * packFraction) - chunkCost - (remainder == 0 ? 0 : 0.005) + 1e-3 * t * v;
                        double score = speed * Slack(target, t * calls.Max(call => call.Sum(v => v.Width == 16 ? 1.0 : 0.5)));
                        if (score > tileScore + 1e-9)
                        {
                            tileScore = score;
                            tileSpeed = speed;
                            tile = (t, v, looped, loopedColumns, calls);
                        }
                    }
                }

                // (The covers are built only for a band that becomes the best, as before the tiles were weighed per band.)
                if (tile is { } chosen && tileSpeed > bestScore + 1e-9)
                {
                    bestScore = tileSpeed;
                    bestTile = (chosen.Channels, chosen.Vectors);
                    best = candidate with
                    {
                        ChunkChannels = chunk, Covers = Covers(target, s, candidate, chosen.Looped, skipBorderRows, bestTile, chosen.Calls),
                        LoopedRows = chosen.Looped, LoopedColumns = chosen.LoopedColumns,
                    };
                }
                }
            }

            // Stride 1 loads its rows in place at full speed: pack only where bands use the lanes clearly better than rows do
            // (a 28- or 14-wide row wastes an eighth of its vectors; 56 positions of a band waste none).
            // (Windows over 5×5 stay in place at stride 1, and over 3×3 where the wider bands made the kernel class too long:
            // see KernelPlan.WideStride1Bands.)
            // (Rows narrower than the path's vectors have no in-place plan on it: the band is the path's only way to run.)
            // Both count only the lanes on real input: a large dilation leaves whole kernel rows and columns on padding, which
            // the in-place plan skips and a band computes (DeepLab's rate-18 ASPP branch: 0.52× ONNX Runtime's speed as bands,
            // 1.04× in place). The kernel rows a whole-plane band's vectors leave out are not counted here: DeepLab's rate-12
            // branch ran as fast as whole-plane bands leaving them out (9.4 ms) as in place, in a file of 128 K against 111 K.
            bool inPlaceRuns = plan.OutputWidth >= target.Width;
            bool lanesGain = Lanes(target, best?.Positions ?? 0, best?.Tail ?? 0) * RealTapFraction(s) >= InPlaceLanes(plan, target) + MinLaneGain;
            if (best is null || s.StrideWidth == 1 && inPlaceRuns && (!lanesGain || taps > (plan.WideStride1Bands ? MaxStride1Taps : MaxNarrowStride1Taps)))
            {
                return null;
            }

            // Stride 2 with fewer than MinOutChannels output channels a group packs by the same rule as stride 1: the
            // permutes in place cost less than packing for so few channels where rows fill their vectors (16 → 16 on a
            // 32×32 map, 16-wide rows: 0.86× as bands), and bands run faster where they fill them better (ResNeXt-50's
            // 512-channel stride-2 layer, 32 groups of 16 on 28×28, 14-wide rows: 1.33×; 24 → 24 on 28×28: 1.2×;
            // RegNetX-400MF's 64-channel stride-2 layer, 4 groups of 16 on 56×56, 28-wide rows: 1.10–1.13×).
            if (s.OutChannelsPerGroup < MinOutChannels && inPlaceRuns && !lanesGain)
            {
                return null;
            }

            var (channels, vectors) = bestTile;
            return new VectorPlan(target, channels, s.OutChannelsPerGroup / channels, s.OutChannelsPerGroup % channels, vectors, 1, new EquatableArray<RowCover>(new RowCover[0])) { Band = best };
        }

        /// <summary>
        /// How one input row is packed: for each kernel column and each vector along the output width, the lanes it takes from
        /// a pair of loads inside the row. Vectors start every width columns and the last may run past the row's end: its
        /// extra lanes take anything and land on the next packed row (written later) or the block's slack. A pair starting
        /// at column f serves every vector whose real lanes lie in [f, f + 2·width); the starts are chosen greedily (by the
        /// latest start each vector allows) so as few as possible are loaded.
        /// </summary>
        private static EquatableArray<PackedVector> PackRow(ConvShape s, int outputWidth, VectorTarget packTarget)
        {
            var vectors = new List<(int Start, int Width)>();
            for (int start = 0; start < outputWidth;)
            {
                // On the Vector512 path a last piece of up to 8 columns is a Vector256 (see KernelPlanner.VectorStarts).
                int width = packTarget == VectorTarget.Vector512 && outputWidth - start <= VectorTarget.Vector256.Width ? VectorTarget.Vector256.Width : packTarget.Width;
                vectors.Add((start, width));
                start += width;
            }

            if (Gathered(s))
            {
                // Float by float: lane l holds column (ow + l)·stride − left + kw of the row (−1: padding; lanes past the output
                // row are left out, 0). Only the vectors' extent matters to the block's layout; the packing method copies floats.
                return new EquatableArray<PackedVector>(Enumerable.Range(0, s.KernelWidth).SelectMany(kw => vectors.Select(v => new PackedVector(kw, v.Start, v.Width, 0,
                    new EquatableArray<int>(Enumerable.Range(0, v.Width).Select(l =>
                    {
                        int column = (v.Start + l) * s.StrideWidth - s.PadLeft + kw * s.DilationWidth;
                        return v.Start + l >= outputWidth ? 0 : column >= 0 && column < s.InputWidth ? column : -1;
                    }).ToList())))).ToList());
            }

            var needs = new List<(int Kw, int Offset, int Width, int[] Columns, int Earliest, int Latest)>();
            for (int kw = 0; kw < s.KernelWidth; kw++)
            {
                foreach (var (start, width) in vectors)
                {
                    // Lanes past the output row are left out (null column): they take anything.
                    var columns = Enumerable.Range(0, width).Select(l => start + l < outputWidth ? (start + l) * s.StrideWidth - s.PadLeft + kw * s.DilationWidth : int.MinValue).ToArray();
                    var real = columns.Where(c => c >= 0 && c < s.InputWidth).ToList();
                    int earliest = real.Count == 0 ? 0 : Math.Max(0, real.Max() - s.StrideWidth * width + 1);
                    int latest = real.Count == 0 ? 0 : Math.Min(real.Min(), s.InputWidth - s.StrideWidth * width);
                    needs.Add((kw, start, width, columns, earliest, latest));
                }
            }

            var firsts = new List<(int First, int Width)>();
            var stores = new PackedVector[needs.Count];
            foreach (int i in Enumerable.Range(0, needs.Count).OrderBy(i => needs[i].Latest))
            {
                var need = needs[i];
                if (need.Columns.All(c => c < 0 || c >= s.InputWidth))
                {
                    // Every lane on padding (or past the row): zeros.
                    stores[i] = new PackedVector(need.Kw, need.Offset, need.Width, 0, new EquatableArray<int>(Enumerable.Repeat(-1, need.Width).ToList()));
                    continue;
                }

                var pair = firsts.Where(f => f.Width == need.Width && f.First >= need.Earliest && f.First <= need.Latest).Select(f => (int?)f.First).FirstOrDefault();
                int first = pair ?? need.Latest;
                if (pair is null)
                {
                    firsts.Add((first, need.Width));
                }

                var lanes = need.Columns.Select(c => c == int.MinValue ? 0 : c >= 0 && c < s.InputWidth ? c - first : -1).ToList();
                stores[i] = new PackedVector(need.Kw, need.Offset, need.Width, first, new EquatableArray<int>(lanes));
            }

            return new EquatableArray<PackedVector>(stores);
        }

        /// <summary>
        /// The band's vectors in calls of up to <paramref name="vectors"/> each. The shorter call, if any, comes first, so a
        /// last vector clamped to end at the band's end shares its call with the vector it overlaps.
        /// </summary>
        private static List<List<(int Start, int Width)>> Chunk(List<(int Start, int Width)> starts, int vectors)
        {
            var calls = new List<List<(int Start, int Width)>>();
            int first = 0, shorter = starts.Count % vectors;
            if (shorter > 0)
            {
                calls.Add(starts.GetRange(0, shorter));
                first = shorter;
            }

            for (; first < starts.Count; first += vectors)
            {
                calls.Add(starts.GetRange(first, vectors));
            }

            return calls;
        }

        /// <summary>Whether a call's vectors overlap another call's (the last vector of a band is clamped to end at its end).</summary>
        private static bool OverlapsAcrossCalls(List<List<(int Start, int Width)>> calls)
        {
            for (int i = 1; i < calls.Count; i++)
            {
                var previous = calls[i - 1][calls[i - 1].Count - 1];
                if (calls[i][0].Start < previous.Start + previous.Width)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The least fraction of a band's multiply-adds that border rows must leave out to be skipped (see <see cref="Covers"/>).</summary>
        private const double MinBorderSaving = 0.05;

        /// <summary>
        /// The kernel rows each of a band's vectors leaves out, and the fraction of the band's multiply-adds that saves. A
        /// band that is the whole output plane (of <paramref name="rows"/> rows) has the same output rows at every call, so
        /// a call whose positions all meet padding under some kernel row skips that row's taps. (Per call rather than per
        /// vector: a call of vectors that skip different rows would be one more tile method, for a few vectors' taps.)
        /// Tiles that loop over kernel rows keep every row, and so does a band where skipping would save less than
        /// <see cref="MinBorderSaving"/>: their vectors are left out of the map (they skip nothing).
        /// </summary>
        private static (Dictionary<(int Start, int Width), EquatableArray<int>> Skips, double Saving) BorderSkips(ConvShape s, int rows, int outputWidth, bool looped, bool skipBorderRows, List<List<(int Start, int Width)>> calls)
        {
            var skips = new Dictionary<(int Start, int Width), EquatableArray<int>>();
            if (!skipBorderRows || looped || rows != (int)s.Rows.Output)
            {
                return (skips, 0);
            }

            EquatableArray<int> Skipped(List<(int Start, int Width)> call)
            {
                int start = call[0].Start, end = call.Max(v => v.Start + v.Width);
                var outputRows = Enumerable.Range(start / outputWidth, (end - 1) / outputWidth - start / outputWidth + 1).Select(r => s.Rows.ValidTaps(r)).ToList();
                return new EquatableArray<int>(Enumerable.Range(0, s.KernelHeight).Where(kh => outputRows.All(t => kh < t.First || kh >= t.End)).ToList());
            }

            foreach (var call in calls)
            {
                var skipped = Skipped(call);
                foreach (var v in call)
                {
                    skips[v] = skipped;
                }
            }

            long saved = skips.Sum(v => (long)v.Value.Count * v.Key.Width), issued = (long)s.KernelHeight * skips.Sum(v => v.Key.Width);
            return saved < MinBorderSaving * issued ? (new Dictionary<(int Start, int Width), EquatableArray<int>>(), 0) : (skips, (double)saved / issued);
        }

        private static EquatableArray<BandCover> Covers(VectorTarget target, ConvShape s, BandPlan band, bool looped, bool skipBorderRows, (int Channels, int Vectors) tile, List<List<(int Start, int Width)>> calls)
        {
            // Vectors of a whole-plane band skip the kernel rows they meet only on padding (Inception's 7×1 layers on a 17×17
            // map, padded 3 rows top and bottom: the first and last three vectors skip one to three of the seven kernel rows);
            // only where that leaves out at least MinBorderSaving of the band's multiply-adds, as each skipping vector makes
            // its call a tile method of its own (a 13×13 map's 3×3 window would save 3% for 15–25 K more code).
            var skips = BorderSkips(s, band.Rows, band.Positions / band.Rows, looped, skipBorderRows, calls).Skips;
            var none = new EquatableArray<int>(new int[0]);

            var covers = new List<BandCover>();
            foreach (int channels in ChannelTiles.Sizes(s.OutChannelsPerGroup, tile.Channels))
            {
                var tiles = new List<BandTile>();
                foreach (var call in calls)
                {
                    var vectors = new EquatableArray<BandVector>(call.Select(v => new BandVector(v.Start - call[0].Start, v.Width) { SkippedRows = skips.TryGetValue(v, out var skipped) ? skipped : none }).ToList());
                    // Calls of one shape share a method; a shape seen first gets the next free name.
                    var same = tiles.FirstOrDefault(t => t.Channels == channels && t.Vectors.Equals(vectors));
                    string name = same?.Name ?? NewName(tiles, $"{target.Name}Band{channels}x{call.Count}" + (call.Any(v => v.Width != target.Width) ? "Narrow" : "")
                        + (vectors.Any(v => v.SkippedRows.Count > 0) ? "Border" : ""));
                    tiles.Add(new BandTile(name, channels, call[0].Start, vectors));
                }

                covers.Add(new BandCover(channels, new EquatableArray<BandTile>(tiles)));
            }

            return new EquatableArray<BandCover>(covers);
        }

        private static string NewName(List<BandTile> tiles, string name)
        {
            string unique = name;
            for (int suffix = 2; tiles.Exists(t => t.Name == unique); suffix++)
            {
                unique = name + "V" + suffix;
            }

            return unique;
        }

        /// <summary>Floats of one input channel's packed rows: per kernel column, each residue's rows and slack.</summary>
        public static long ChannelFloats(BandPlan band, ConvShape s, int outputWidth) => s.KernelWidth * ResidueStart(band, s, outputWidth, s.StrideHeight);

        /// <summary>
        /// Floats of a band's block: the chunk's packed rows, then one column per tail position of the chunk's
        /// ChunkChannels·KH·KW inputs (input channel, then tap).
        /// </summary>
        public static long BlockFloats(BandPlan band, ConvShape s, int outputWidth) =>
            band.ChunkChannels * (ChannelFloats(band, s, outputWidth) + (long)band.Tail * s.KernelHeight * s.KernelWidth);

        /// <summary>
        /// Where residue <paramref name="residue"/>'s packed rows start within one kernel column's (and, for residue = stride,
        /// the length of a kernel column's): each residue holds its rows and the slack its last row's vectors run into.
        /// </summary>
        public static long ResidueStart(BandPlan band, ConvShape s, int outputWidth, int residue) =>
            Enumerable.Range(0, residue).Sum(p => band.ResidueRows(p, s.StrideHeight) == 0 ? 0L : (long)band.ResidueRows(p, s.StrideHeight) * outputWidth + Slack(band.RowStores, outputWidth));

        /// <summary>
        /// Where packed row (kw, window row ky) starts in an input channel's packed rows: kernel columns one after another,
        /// in each the residues ky mod stride, in each the rows ky div stride. Tap (kh, kw) of output row r reads window row
        /// r·stride + kh·dilation, so a tap's rows for r = 0, 1, … follow each other.
        /// </summary>
        public static long PackedRow(BandPlan band, ConvShape s, int outputWidth, int kw, int ky) =>
            kw * ResidueStart(band, s, outputWidth, s.StrideHeight) + ResidueStart(band, s, outputWidth, ky % s.StrideHeight) + (long)(ky / s.StrideHeight) * outputWidth;

        /// <summary>Floats after each residue's packed rows that the last row's vectors may run into.</summary>
        public static int Slack(EquatableArray<PackedVector> stores, int outputWidth) => stores.Select(v => v.Offset + v.Width - outputWidth).DefaultIfEmpty(0).Max();

        private static IEnumerable<int> Divisors(int n) => Enumerable.Range(1, n).Where(d => n % d == 0);
    }
}
