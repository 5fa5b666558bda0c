using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Chooses a <see cref="DotProductPlan"/> for a vector path where the output plane is too small for vectors of
    /// positions: a layer such as SSD's 3×3 heads or LeNet's 5×5 → 1×1 layer runs in scalar code otherwise (its rows are
    /// narrower than a vector), while a dot product over its long windows fills every lane. Dense (one group) NCHW layers
    /// only, with windows long enough that summing across the lanes once per output is paid back.
    /// </summary>
    internal static class DotProductPlanner
    {
        /// <summary>
        /// Output planes of fewer positions than a Vector512 holds are computed as dot products (a 3×3 map: 9). From 16
        /// positions on, the regular plans' vectors of positions measured faster (a 512-channel 4×4 map: 652 against 875 µs;
        /// SSD's 5×5 head: 167 against 177 µs).
        /// </summary>
        public const int MaxPositions = 15;

        /// <summary>
        /// Windows of fewer inputs than this stay with the regular plan: each dot product ends in a sum across lanes. A
        /// single output position takes dot products from one vector of inputs on: the regular plan has no vector of
        /// positions for it and runs in scalar code (EfficientNet's squeeze-and-excitation expansions, 48 → 1152 on 1×1:
        /// see <see cref="Plan"/>).
        /// </summary>
        public const int MinDepth = 64;

        /// <summary>The gathered windows live on the stack, within the same budget as a packed band.</summary>
        public const int ScratchBytes = BandPlanner.ScratchBytes;

        /// <summary>
        /// Windows of at least this many taps with a stride above 2 across are gathered too, in bands of output rows, where
        /// they are not packed in bands (fewer output channels than <see cref="BandPlanner.MinOutChannels"/>; AlexNet's 11×11
        /// stride-4 first layer, with 64 or 96, is): in place each vector would load its lanes one by one.
        /// </summary>
        public const int MinWideStrideTaps = 9;

        /// <summary>
        /// A single output position reads every weight once: its tiles read their weight rows one after another
        /// (<see cref="DotProductPlan.RowByRow"/>) where the weights are at most this large (a quarter of this machine's
        /// L3, as <see cref="RegionPlanner.WholePlaneWeightBytes"/>), as they may stay in the last-level cache between
        /// calls. One stream at a time read 1000 rows of 1024 or 2048 floats (4 and 8 MB, MobileNet's and ResNet-50's
        /// classifiers) at 94 GB/s, six rows in step at 80–84 (ONNX Runtime: 80). From memory the many streams of a tile in
        /// step keep more reads in flight: AlexNet's fc6 (151 MB) ran 16 GB/s row by row, 22 in step; and Inception's
        /// 9.4 MB auxiliary head, timed beside ONNX Runtime's own copy of its weights, ran 0.80× its speed row by row and
        /// 0.91× in step.
        /// </summary>
        public const long MaxRowByRowWeightBytes = 8L << 20;

        /// <summary>Partial sums of a row-by-row dot product: two loads a multiply-add bound it by loads, not by the FMA latency.</summary>
        private const int RowByRowUnroll = 4;

        /// <summary>Channels of a row-by-row tile: the rows summed across their lanes together (<c>Sum4</c>).</summary>
        private const int RowByRowChannels = 4;

        /// <summary>The dot-product plan of <paramref name="target"/>, or null where the layer is not one for it.</summary>
        public static VectorPlan? Plan(KernelPlan plan, VectorTarget target)
        {
            var s = plan.Shape;
            int plane = plan.OutputHeight * plan.OutputWidth, taps = s.KernelHeight * s.KernelWidth;
            long depth = (long)s.InChannels * taps;
            bool smallMap = plane <= MaxPositions, wideStride = s.StrideWidth > 2 && taps >= MinWideStrideTaps;
            if (s.Groups != 1 || depth < (plane == 1 ? target.Width : MinDepth) || !smallMap && !wideStride)
            {
                return null;
            }

            // The most output rows whose windows over every input channel fit the stack budget; failing one row, a row
            // (or the small map) in chunks of input channels that divide the channels evenly.
            int rows = smallMap ? plan.OutputHeight
                : Enumerable.Range(1, plan.OutputHeight).Where(r => plan.OutputHeight % r == 0 && (long)r * plan.OutputWidth * depth * sizeof(float) <= ScratchBytes)
                    .DefaultIfEmpty(1).Max();
            int positions = rows * plan.OutputWidth;
            int chunk = Enumerable.Range(1, s.InChannels).Where(c => s.InChannels % c == 0 && (long)positions * c * taps * sizeof(float) <= ScratchBytes)
                .DefaultIfEmpty(0).Max();
            if (chunk == 0 || chunk * taps < System.Math.Min(MinDepth, depth) || chunk * taps < target.Width)
            {
                return null;
            }

            bool rowByRow = plane == 1 && (long)s.OutChannels * depth * sizeof(float) <= MaxRowByRowWeightBytes;
            var (channels, tilePositions, unroll) = rowByRow
                ? (System.Math.Min(RowByRowChannels, s.OutChannels), 1, RowByRowUnroll)
                : ChooseTile(target, s.OutChannels, positions, depth, (long)chunk * taps);
            var dot = new DotProductPlan(positions, (int)depth, channels, tilePositions, unroll, chunk) { ChunkDepth = chunk * taps, Rows = rows, RowByRow = rowByRow, Skewed = plane == 1 && depth % target.Width == 0 && chunk * taps % target.Width == 0 };
            return new VectorPlan(target, channels, s.OutChannels / channels, s.OutChannels % channels, 1, s.OutChannels / channels,
                new EquatableArray<RowCover>(new RowCover[0])) { Dot = dot };
        }

        /// <summary>
        /// The tile: the most multiply-adds per load (C·P accumulators against C weight and P column loads a step), within
        /// the registers (accumulators, the P column vectors and a weight vector, one spare) and the L1 sets
        /// (<see cref="LeavesL1WaySpare"/>); then partial sums enough for 8 independent FMA chains.
        /// </summary>
        /// <param name="weightRowFloats">Floats between two output channels' weights: the window's depth.</param>
        /// <param name="columnFloats">Floats between two positions' gathered columns: the depth of a chunk.</param>
        private static (int Channels, int Positions, int Unroll) ChooseTile(VectorTarget target, int outChannels, int positions, long weightRowFloats, long columnFloats)
        {
            int budget = target.Registers - 2;
            var best = Enumerable.Range(1, System.Math.Min(8, outChannels))
                .SelectMany(c => Enumerable.Range(1, System.Math.Min(8, positions)).Select(p => (C: c, P: p)))
                .Where(t => t.C * t.P + t.P <= budget && LeavesL1WaySpare(t.C, weightRowFloats, t.P, columnFloats))
                .OrderByDescending(t => (double)(t.C * t.P) / (t.C + t.P))
                .ThenByDescending(t => t.C * t.P)
                .ThenBy(t => (positions + t.P - 1) / t.P * t.P - positions) // fewer positions short in the last tile
                .First();
            int unroll = System.Math.Max(1, System.Math.Min((8 + best.C * best.P - 1) / (best.C * best.P), (budget - best.P) / (best.C * best.P)));
            return (best.C, best.P, unroll);
        }

        /// <summary>Ways of an L1 data set (see <see cref="KernelPlanner.FitsL1Sets"/>).</summary>
        private const int L1Ways = 8;

        /// <summary>
        /// Whether a tile's <paramref name="channels"/> weight rows and <paramref name="positions"/> gathered columns, read
        /// a vector at a time in step, leave a way of every L1 set to spare (taking the two arrays to be aligned alike, the
        /// worst case). The columns are read again by every tile; weight rows a multiple of 4 KB apart fall in the set the
        /// columns' line does, and evict it. MobileNet's classifier (1024 → 1000 on 1×1) ran 60 µs in tiles of 8 channels,
        /// 51 µs in tiles of 6 (ONNX Runtime: 52 µs).
        /// </summary>
        private static bool LeavesL1WaySpare(int channels, long weightRowFloats, int positions, long columnFloats)
        {
            const int sets = 64, lineBytes = 64;
            var perSet = new int[sets];
            bool Fits(long floats) => ++perSet[(int)(floats * sizeof(float) / lineBytes % sets)] < L1Ways;
            return Enumerable.Range(0, channels).All(r => Fits(r * weightRowFloats)) && Enumerable.Range(0, positions).All(p => Fits(p * columnFloats));
        }
    }
}
