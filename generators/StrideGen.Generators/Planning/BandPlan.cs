using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Model;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// One vector of a band tile: <see cref="Width"/> consecutive band positions from <see cref="Offset"/> (relative to the
    /// tile's first position). <see cref="SkippedRows"/>: the kernel rows whose taps fall on padding at every one of its
    /// positions, which the tile neither loads nor multiplies for it (only in a band that is the whole output plane, whose
    /// positions are the same output rows at every call; see <see cref="BandPlanner"/>).
    /// </summary>
    internal sealed record BandVector(int Offset, int Width)
    {
        public VectorTarget Target => VectorTarget.OfWidth(Width);

        public EquatableArray<int> SkippedRows { get; init; } = new(new int[0]);
    }

    /// <summary>
    /// A call of a band tile method: <see cref="Channels"/> output channels × the <see cref="Vectors"/> starting at band
    /// position <see cref="Start"/>. Calls of the same shape share one method (<see cref="Name"/>).
    /// </summary>
    internal sealed record BandTile(string Name, int Channels, int Start, EquatableArray<BandVector> Vectors);

    /// <summary>The tiles that cover every position of a band for one output-channel tile height, in order.</summary>
    internal sealed record BandCover(int Channels, EquatableArray<BandTile> Tiles);

    /// <summary>
    /// One vector a packed input row is stored as: for kernel column <see cref="Kw"/>, output columns
    /// [<see cref="Offset"/>, <see cref="Offset"/> + <see cref="Width"/>). Lane l is lane <see cref="Lanes"/>[l] of the input
    /// vectors loaded from column <see cref="First"/> of the row on: one vector at stride 1, two (from First and First +
    /// Width, taken as one vector of 2·Width lanes) at stride 2; −1: the lane falls on padding and is zero. The loads lie
    /// inside the row. At a stride above 2 (<see cref="BandPlanner.Gathered"/>) First is 0 and Lanes name the row's columns,
    /// copied float by float.
    /// </summary>
    internal sealed record PackedVector(int Kw, int Offset, int Width, int First, EquatableArray<int> Lanes)
    {
        public VectorTarget Target => VectorTarget.OfWidth(Width);

        /// <summary>Whether some lane falls on padding.</summary>
        public bool Clipped => System.Linq.Enumerable.Contains(Lanes, -1);
    }

    /// <summary>
    /// The packed-band schedule of a vector path, for stride-2 layers (after MLAS's and oneDNN's phase splitting), wider
    /// strides (gathered) and stride-1 layers whose rows fill vectors badly (a 28- or 14-wide row wastes an
    /// eighth of them): output
    /// rows are taken <see cref="Rows"/> at a time, and each input row the band's windows read is packed once into
    /// contiguous rows, one per kernel column kw: position ow of it holds the input that column ow·stride − left + kw of the
    /// row, zero on padding. The packed rows of input row ky of the window are stored by its residue ky mod stride and
    /// quotient ky div stride, so for kernel row kh the input rows of the band's output rows r = 0, 1, … (ky = r·stride +
    /// kh) lie one after another: a tap reads the band's <see cref="Positions"/> inputs as one contiguous run. Register
    /// tiles of output channels × vectors of band positions then loop over input channels with every load contiguous and
    /// every weight broadcast straight from the OIHW weights; a stride-2 layer never permutes in its inner loop, and rows
    /// narrower than a vector share vectors with the next row of the band.
    /// </summary>
    /// <param name="Rows">Output rows per band: a divisor of the output height.</param>
    /// <param name="Positions">Band positions: <see cref="Rows"/> × the output width.</param>
    /// <param name="ChunkChannels">
    /// Input channels packed at a time: a divisor of the input channels, so the block stays under
    /// <see cref="BandPlanner.ScratchBytes"/>. With more than one chunk, later chunks add to the outputs the earlier ones stored.
    /// </param>
    /// <param name="WindowRows">The input rows ky of the band's window that some tap reads (ky = r·stride + kh·dilation), in order.</param>
    /// <param name="RowStores">
    /// The vectors each window row is stored as: every kernel column × the vectors along the output width. Their pairs of
    /// loads are shared: a row loads each (column, width) once.
    /// </param>
    /// <param name="Covers">The tiles of each output-channel tile height (the main height, then a remainder), over the band's first <see cref="Positions"/> − <see cref="Tail"/> positions.</param>
    /// <param name="Tail">
    /// Positions at the band's end computed as dot products instead of by the tiles (a 7×7 map is 49 positions: 48 in three
    /// 16-lane vectors and one dot product per output channel, rather than a fourth vector with one useful lane). Their
    /// inputs are copied into one contiguous column per position, after the chunk's packed rows.
    /// </param>
    /// <param name="LoopedRows">
    /// Whether the tiles loop over kernel rows (one loop per residue of the stride, each row's taps unrolled) instead of
    /// unrolling the whole window: for windows too large to unroll with a full register tile (a 7×7 stem's 49 taps × 24
    /// accumulators would be 1176 multiply-adds per input channel).
    /// </param>
    /// <param name="LoopedColumns">
    /// Whether the tiles of <see cref="LoopedRows"/> loop over kernel columns too, only the register tile unrolled: for
    /// windows so wide and strided that each residue class's row of taps would make long tile methods (AlexNet's 11×11
    /// stride-4 window: four classes of 11 columns).
    /// </param>
    internal sealed record BandPlan(
        int Rows,
        int Positions,
        int ChunkChannels,
        EquatableArray<int> WindowRows,
        EquatableArray<PackedVector> RowStores,
        EquatableArray<BandCover> Covers,
        int Tail = 0,
        bool LoopedRows = false,
        bool LoopedColumns = false)
    {
        /// <summary>Packed rows of residue class <paramref name="residue"/> (ky mod stride): one past the largest ky div stride of the window's rows in it.</summary>
        public int ResidueRows(int residue, int stride) => WindowRows.Where(ky => ky % stride == residue).Select(ky => ky / stride + 1).DefaultIfEmpty(0).Max();

        /// <summary>
        /// The kernel rows a tile with <see cref="LoopedRows"/> loops over, in classes of one residue of window row
        /// kh·dilation mod stride each: rows First, First + Step, … (Count of them), whose packed rows lie RowStep window
        /// rows of that residue apart. (kh·d mod S depends only on kh mod S/gcd(d, S), so each class is such a progression.)
        /// </summary>
        public static IEnumerable<(int First, int Count, int Step, int RowStep)> KernelRowClasses(int kernelHeight, int dilation, int stride)
        {
            int gcd = Gcd(dilation, stride), step = stride / gcd;
            for (int first = 0; first < Math.Min(step, kernelHeight); first++)
            {
                yield return (first, (kernelHeight - first + step - 1) / step, step, dilation / gcd);
            }
        }

        private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
    }
}
