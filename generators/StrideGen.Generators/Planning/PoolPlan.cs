using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// A run of consecutive outputs on one axis whose windows read the same taps [<see cref="TapFirst"/>, <see cref="TapEnd"/>)
    /// and count the same number of cells on this axis for an average (<see cref="Divisor"/>: the real taps, or with
    /// <c>CountIncludePad</c> the taps inside the padded input). The interior band reads every tap.
    /// </summary>
    internal sealed record PoolBand(int Start, int End, int TapFirst, int TapEnd, int Divisor)
    {
        public int Length => End - Start;

        /// <summary>No tap of these windows lands on real input (only possible for a dilated max pool on a tiny input).</summary>
        public bool IsEmpty => TapFirst == TapEnd;
    }

    /// <summary>How the inputs of one kernel column are brought into a vector of 8 neighbouring output columns.</summary>
    internal enum PoolLoad
    {
        /// <summary>Stride 1: one contiguous load of 8 floats at the offset.</summary>
        Contiguous,

        /// <summary>Stride 2: two contiguous loads at offset and offset + 8, lanes 0, 2, 4, 6 of each (in <see cref="PoolLaneOrder.Interleaved"/> order).</summary>
        PairEven,

        /// <summary>Stride 2: two contiguous loads at offset and offset + 8, lanes 1, 3, 5, 7 of each (in <see cref="PoolLaneOrder.Interleaved"/> order).</summary>
        PairOdd,

        /// <summary>Eight scalar loads one stride apart: where no contiguous load fits inside the input row.</summary>
        Strided,
    }

    /// <summary>The lane order of a vector of 8 output columns while it is reduced (the reduction is lane-wise, so any order works until the store).</summary>
    internal enum PoolLaneOrder
    {
        /// <summary>Lane j holds output column j.</summary>
        Natural,

        /// <summary>Lanes hold output columns 0, 1, 4, 5, 2, 3, 6, 7 (what one 128-bit-lane shuffle of a load pair yields); one permute restores the order before the store.</summary>
        Interleaved,
    }

    /// <summary>
    /// How kernel column <see cref="Tap"/> is loaded: <see cref="Kind"/>, from <see cref="Offset"/> floats after the input cell of
    /// tap (0, 0) of the vector's first output column in the same kernel row. Pair loads with the same offset share their two loads.
    /// </summary>
    internal sealed record PoolColumnLoad(int Tap, PoolLoad Kind, int Offset);

    /// <summary>
    /// The interior columns covered by vectors of 8: vectors start at <see cref="First"/>, <see cref="First"/> + 8, …, and a last one
    /// at <see cref="Last"/> (the interior's end − 8), which overlaps its neighbour when the interior width is not a multiple of 8.
    /// </summary>
    internal sealed record PoolVectorColumns(int First, int Last)
    {
        /// <summary>Vectors per output row.</summary>
        public int Count => (Last - First + PoolPlan.VectorWidth - 1) / PoolPlan.VectorWidth + 1;

        /// <summary>Whether the last vector recomputes some columns of its neighbour.</summary>
        public bool Overlaps => (Last - First) % PoolPlan.VectorWidth != 0;
    }

    /// <summary>
    /// The schedule of a max or average pooling kernel, as data: row and column bands by which taps land on real input, the
    /// interior columns covered by vectors and how each kernel column is loaded, and how much is unrolled. Channels are
    /// independent planes and run one after another. Interior rows (every kernel row real) run methods with the whole window
    /// straight-line (<see cref="UnrollInterior"/>); the other row bands share clipped methods that loop over their kernel rows,
    /// given as literals per band. The emitter follows the plan without deciding anything itself.
    /// </summary>
    /// <param name="UnrollColumns">The taps of a kernel row are straight-line code (with <see cref="ColumnLoads"/>); otherwise they are a loop too.</param>
    /// <param name="UnrollInterior">Interior rows get methods with every tap of the window straight-line.</param>
    /// <param name="RowBandTable">The clipped row bands are walked from a table rather than called one by one.</param>
    /// <param name="ColumnBandTable">The border column bands are walked from a table rather than written out one by one.</param>
    /// <param name="WholePlane">
    /// Global pooling: every channel's one window is its whole input plane (no padding, no dilation), a contiguous run of
    /// floats, so the Vector256 path reduces each plane in vectors of 8 instead of following the bands (which, with one output
    /// column, leave nothing to vectorise); the scalar path still follows the bands.
    /// </param>
    internal sealed record PoolPlan(
        PoolShape Shape,
        int OutputHeight,
        int OutputWidth,
        EquatableArray<PoolBand> RowBands,
        EquatableArray<PoolBand> ColumnBands,
        PoolVectorColumns? Vectors,
        EquatableArray<PoolColumnLoad> ColumnLoads,
        PoolLaneOrder LaneOrder,
        bool UnrollColumns,
        bool UnrollInterior,
        bool RowBandTable,
        bool ColumnBandTable,
        bool WholePlane)
    {
        /// <summary>Floats in one Vector256.</summary>
        public const int VectorWidth = 8;

        /// <summary>Whether any output is computed with vectors by the band methods (see also <see cref="WholePlane"/>).</summary>
        public bool UsesVectors => Vectors is not null;

        /// <summary>Whether the kernel has a Vector256 path: vector band methods, or the whole-plane reduction.</summary>
        public bool HasVectorPath => UsesVectors || WholePlane;

        /// <summary>How a looped kernel column is loaded (without <see cref="UnrollColumns"/>): contiguous at stride 1, else strided.</summary>
        public PoolLoad LoopedLoad => Shape.StrideWidth == 1 ? PoolLoad.Contiguous : PoolLoad.Strided;

        public bool IsInteriorRowBand(PoolBand band) => band.TapFirst == 0 && band.TapEnd == Shape.KernelHeight;

        public bool IsInteriorColumnBand(PoolBand band) => band.TapFirst == 0 && band.TapEnd == Shape.KernelWidth;

        /// <summary>The interior row band, when it runs the unrolled methods.</summary>
        public PoolBand? UnrolledRowBand => UnrollInterior ? RowBands.FirstOrDefault(IsInteriorRowBand) : null;

        /// <summary>The row bands the clipped methods run: every band but the unrolled interior.</summary>
        public IEnumerable<PoolBand> ClippedRowBands => RowBands.Where(b => b != UnrolledRowBand);

        /// <summary>The interior column band (every kernel column real), or null when no column has a whole window.</summary>
        public PoolBand? InteriorColumnBand => ColumnBands.FirstOrDefault(IsInteriorColumnBand);

        /// <summary>The column bands whose windows lose taps to the padding (or past the input), left and right of the interior.</summary>
        public IEnumerable<PoolBand> BorderColumnBands => ColumnBands.Where(b => !IsInteriorColumnBand(b));

        /// <summary>Cells an interior window averages over: the whole kernel.</summary>
        public int InteriorDivisor => Shape.KernelHeight * Shape.KernelWidth;
    }
}
