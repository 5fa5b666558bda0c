using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Chooses a <see cref="RegionPlan"/> for a vector path where cutting the output plane into window regions fills the
    /// multiply-adds with real input clearly better than the path's plan does: dilated stride-1 layers whose padding
    /// takes whole kernel rows and columns from many windows. DeepLab's rate-12 atrous branch on a 33×33 map reads real
    /// input at 57% of its taps; vectors along its rows spend 59% of their lanes on real input, its regions 96%.
    /// Also patch embeddings and other layers of a wide stride whose path otherwise takes dot products over gathered
    /// windows (ViT's 16×16 and 32×32 patches): those read every weight once per band of output rows (all 9.4 MB of
    /// ViT-B/32's for each of its 7 rows), where the whole plane's packed patches, a run of kernel rows at a time, read
    /// them once.
    /// </summary>
    internal static class RegionPlanner
    {
        /// <summary>Fewer output channels than this do not pay for packing each call's real taps (as for bands, <see cref="BandPlanner.MinOutChannels"/>).</summary>
        public const int MinOutChannels = BandPlanner.MinOutChannels;

        /// <summary>
        /// How much more of its lanes' work must be real for the regions to be planned: packing, and writing each call's
        /// sums to its rows, cost several percent that the path's own plan does not pay. DeepLab's rate-4 layer (128
        /// channels on 33×33, whole-plane bands 85% real, regions 97%: 1.15×) ran 7% slower in regions; its rate-6 layer
        /// (256 channels, 1.24×) 4–8% faster.
        /// </summary>
        public const double MinGain = 1.2;

        /// <summary>Weights above this size are not streamed once per call: the plan takes the whole plane per chunk (<see cref="RegionPlan.WholePlane"/>), a quarter of this machine's L3.</summary>
        public const long WholePlaneWeightBytes = 8L << 20;

        /// <summary>The largest output plane kept in region order (its copy on the stack puts it in row order).</summary>
        public const int PlaneBytes = 64 * 1024;

        /// <summary>The packed block and the partial sums share the budget of a packed band (<see cref="BandPlanner.ScratchBytes"/>), half each.</summary>
        public const int BlockBytes = BandPlanner.ScratchBytes / 2;

        /// <summary>
        /// The region plan of <paramref name="target"/>, or null where <paramref name="planned"/> (the path's plan otherwise)
        /// fills its lanes about as well.
        /// </summary>
        public static VectorPlan? Plan(KernelPlan plan, VectorTarget target, VectorPlan? planned)
        {
            var s = plan.Shape;
            if (target.Width < VectorTarget.Vector256.Width || s.Groups != 1 || s.OutChannels < MinOutChannels || planned is null || planned.Flat)
            {
                return null;
            }

            bool dilated = s.StrideHeight == 1 && s.StrideWidth == 1 && (s.DilationHeight > 1 || s.DilationWidth > 1) && planned.Dot is null;
            bool wideStride = BandPlanner.Gathered(s) && planned.Dot is not null;
            if (!dilated && !wideStride)
            {
                return null;
            }

            var regions = Regions(s);
            if (regions.Max(r => r.Taps) == 0)
            {
                return null;
            }

            var (channels, vectors) = ChooseTile(target, s);
            int callPositions = vectors * target.Width;
            long plane = (long)plan.OutputHeight * plan.OutputWidth;
            // Weights too large to stream once per call, or partial sums of every output channel too large for the stack:
            // the whole plane per chunk, where every region holds a vector and the plane a stack block.
            bool largeWeights = (long)s.OutChannels * s.InChannels * s.KernelHeight * s.KernelWidth * sizeof(float) > WholePlaneWeightBytes;
            bool wholePlane = (largeWeights || wideStride || (long)s.OutChannels * callPositions * sizeof(float) > BlockBytes)
                && regions.All(r => r.Positions >= target.Width) && plane * sizeof(float) <= PlaneBytes;
            if ((largeWeights || wideStride) && !wholePlane)
            {
                // Streaming the weights once per call would cost more than the regions save (SSD's fc6 on a 7×7 map: 2.5×
                // slower); a wide-stride map too small for the whole plane keeps its dot products.
                return null;
            }

            var calls = wholePlane ? EvenCalls(regions, vectors, target) : Calls(regions, callPositions, target);
            double real = regions.Sum(r => (double)r.Positions * r.Taps);
            double issued = calls.Sum(c => (double)c.Shape.Lanes(target) * regions[c.Region].Taps);
            double share = real / issued;
            if (dilated && share < MinGain * BandPlanner.RealLaneShare(plan, target, planned))
            {
                return null;
            }

            var (chunk, chunkRows) = ChooseChunk(s, regions, wholePlane ? regions.Select(r => (long)r.Positions).ToList() : regions.Select(r => (long)callPositions).ToList(),
                wholePlane ? BandPlanner.ScratchBytes - plane * sizeof(float) : BlockBytes, wholePlane);
            if (chunk == 0)
            {
                return null;
            }

            int maxTaps = regions.Max(r => r.Taps);
            var tiles = new VectorPlan(target, channels, s.OutChannels / channels, s.OutChannels % channels, vectors, 1, new EquatableArray<RowCover>(new RowCover[0]));
            if (wholePlane)
            {
                return tiles with { Regions = new RegionPlan(new EquatableArray<WindowRegion>(regions), new EquatableArray<RegionCall>(calls), callPositions, chunk, maxTaps, 0, chunkRows, WholePlane: true) };
            }

            // The partial sums of every output channel where they fit, else of equal groups of whole tiles.
            int groups = (int)Math.Max(1, ((long)s.OutChannels * callPositions * sizeof(float) + BlockBytes - 1) / BlockBytes);
            int stage = groups == 1 ? s.OutChannels : (s.OutChannels + groups - 1) / groups / channels * channels;
            if (stage == 0)
            {
                return null;
            }

            return tiles with { Regions = new RegionPlan(new EquatableArray<WindowRegion>(regions), new EquatableArray<RegionCall>(calls), callPositions, chunk, maxTaps, stage, chunkRows) };
        }

        /// <summary>
        /// The packed block's chunk: the most input channels, dividing them, whose real taps at each region's
        /// <paramref name="positions"/> (all the region's for the whole plane, a call's otherwise) fit
        /// <paramref name="blockBytes"/>; failing one channel, where the whole plane is one region, one channel's real
        /// kernel rows in even runs that fit (a 32×32 patch: 1024 taps). (0, 0) where neither fits.
        /// </summary>
        private static (int Channels, int Rows) ChooseChunk(ConvShape s, List<WindowRegion> regions, List<long> positions, long blockBytes, bool wholePlane)
        {
            long channelFloats = wholePlane ? regions.Select((r, i) => r.Taps * positions[i]).Sum() : regions.Select((r, i) => r.Taps * positions[i]).Max();
            int chunk = Enumerable.Range(1, s.InChannels).Where(c => s.InChannels % c == 0 && c * channelFloats * sizeof(float) <= blockBytes).DefaultIfEmpty(0).Max();
            if (chunk > 0)
            {
                return (chunk, 0);
            }

            if (!wholePlane || regions.Count > 1 || regions[0].Taps == 0)
            {
                return (0, 0); // (windows too wide for a call's block plan compactly, without regions)
            }

            var plane = regions[0];
            long rowFloats = (long)(plane.KwEnd - plane.KwFirst) * positions[0];
            int most = (int)Math.Min(int.MaxValue, blockBytes / sizeof(float) / rowFloats);
            if (most == 0)
            {
                return (0, 0);
            }

            // Even runs: as few as hold the real kernel rows, each of ⌈rows / runs⌉.
            int rows = plane.KhEnd - plane.KhFirst, runs = (rows + most - 1) / most;
            return (1, (rows + runs - 1) / runs);
        }

        /// <summary>
        /// The output plane's regions: runs of output rows with the same real kernel rows × runs of output columns with the
        /// same real kernel columns.
        /// </summary>
        public static List<WindowRegion> Regions(ConvShape s)
        {
            var rows = Runs(s.Rows);
            var columns = Runs(s.Columns);
            return rows.SelectMany(r => columns.Select(c => new WindowRegion(r.Start, r.Count, c.Start, c.Count, r.First, r.End, c.First, c.End))).ToList();
        }

        private static List<(int Start, int Count, int First, int End)> Runs(ConvAxis axis)
        {
            var runs = new List<(int Start, int Count, int First, int End)>();
            for (int o = 0; o < axis.Output; o++)
            {
                var (first, end) = axis.ValidTaps(o);
                if (runs.Count > 0 && runs[runs.Count - 1].First == first && runs[runs.Count - 1].End == end)
                {
                    var last = runs[runs.Count - 1];
                    runs[runs.Count - 1] = (last.Start, last.Count + 1, first, end);
                }
                else
                {
                    runs.Add((o, 1, first, end));
                }
            }

            return runs;
        }

        /// <summary>
        /// Each region's positions in as few runs of at most <paramref name="vectors"/> vectors as hold them, its
        /// ⌈P/W⌉ vectors dealt as evenly as the runs allow, the runs of fewer first: every run but the last holds whole
        /// vectors, and the last, of at least as many vectors as any other, takes the rest, its last vector ending at the
        /// region's end (a region of at least one vector never leaves it shorter than one). DINOv2's 256 patches on Vector512 run as
        /// 2·32 + 4·48 positions, every lane used; split into six even runs of 42 or 43 they took 288 lanes.
        /// </summary>
        private static List<RegionCall> EvenCalls(List<WindowRegion> regions, int vectors, VectorTarget target)
        {
            int width = target.Width;
            var calls = new List<RegionCall>();
            for (int r = 0; r < regions.Count; r++)
            {
                int positions = regions[r].Positions, whole = (positions + width - 1) / width, runs = (whole + vectors - 1) / vectors;
                int fewer = whole / runs, longer = whole % runs, start = 0;
                for (int i = 0; i < runs; i++)
                {
                    int taken = fewer + (i >= runs - longer ? 1 : 0);
                    int count = i == runs - 1 ? positions - start : taken * width;
                    calls.Add(new RegionCall(r, start, count, RegionTileShape.Of(target, count)));
                    start += count;
                }
            }

            return calls;
        }

        /// <summary>Each region's positions, <paramref name="callPositions"/> at a time; a last call of fewer takes only the vectors it fills.</summary>
        private static List<RegionCall> Calls(List<WindowRegion> regions, int callPositions, VectorTarget target)
        {
            var calls = new List<RegionCall>();
            for (int r = 0; r < regions.Count; r++)
            {
                for (int start = 0; start < regions[r].Positions; start += callPositions)
                {
                    int count = Math.Min(callPositions, regions[r].Positions - start);
                    calls.Add(new RegionCall(r, start, count, RegionTileShape.Of(target, count)));
                }
            }

            return calls;
        }

        /// <summary>
        /// The register tile: output channels × vectors of a call's positions, as many accumulators as the registers hold
        /// beside the vectors loaded and the broadcast weight (one spare); three vectors on Vector512 (9 channels, 27
        /// accumulators), two on Vector256 (6, 12). A tile height that divides the output channels is preferred, then one
        /// whose weight rows do not crowd an L1 set.
        /// </summary>
        private static (int Channels, int Vectors) ChooseTile(VectorTarget target, ConvShape s)
        {
            int vectors = target == VectorTarget.Vector512 ? 3 : 2;
            int most = Math.Min(s.OutChannels, (target.Registers - 2 - vectors) / vectors);
            long window = (long)s.InChannels * s.KernelHeight * s.KernelWidth;
            var heights = Enumerable.Range(1, most).Reverse().Where(t => KernelPlanner.FitsL1Sets(t, window)).DefaultIfEmpty(1).ToList();
            // A divisor within a quarter of the most, else the most.
            int divisor = heights.FirstOrDefault(t => s.OutChannels % t == 0 && t * 4 >= most * 3);
            return (divisor > 0 ? divisor : heights[0], vectors);
        }
    }
}
