using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// A run of consecutive outputs on one axis whose windows read the same taps [<see cref="TapFirst"/>, <see cref="TapEnd"/>).
    /// The interior band reads every tap; border bands lose the taps that fall on padding.
    /// </summary>
    internal sealed record Band(int Start, int End, int TapFirst, int TapEnd)
    {
        public int Length => End - Start;
    }

    /// <summary>How much of the kernel window a vector tile unrolls.</summary>
    internal enum WindowUnroll
    {
        /// <summary>Every tap (kh, kw) is straight-line code with constant offsets.</summary>
        Full,

        /// <summary>Rows of the window are a loop; the taps of one row are unrolled. Used when the full window would exceed the code budget.</summary>
        Rows,

        /// <summary>Rows and columns of the window are loops; only the register tile is unrolled. Very wide kernels only.</summary>
        None,
    }

    /// <summary>
    /// How one output row of the interior columns is covered with vectors: <see cref="TileCount"/> tiles of
    /// <see cref="KernelPlan.VectorsPerTile"/> vectors from <see cref="Start"/>, then single vectors at <see cref="SingleVectorStarts"/>
    /// (the last one may overlap its neighbour, recomputing a few outputs rather than falling back to scalar code).
    /// </summary>
    internal sealed record ColumnTiling(int Start, int TileCount, EquatableArray<int> SingleVectorStarts);

    /// <summary>
    /// The schedule of a convolution kernel, as data: which output channels a register tile holds, how columns are covered
    /// with vectors, which rows and columns are borders, and how much of the window is unrolled. The emitter follows it
    /// without deciding anything itself; tests read it directly.
    /// </summary>
    internal sealed record KernelPlan(
        ConvShape Shape,
        int OutputHeight,
        int OutputWidth,
        int ChannelTile,
        int ChannelTilesPerGroup,
        int ChannelRemainder,
        int VectorsPerTile,
        EquatableArray<Band> RowBands,
        EquatableArray<Band> ColumnBands,
        ColumnTiling? Columns,
        WindowUnroll Unroll)
    {
        /// <summary>Floats in one Vector256.</summary>
        public const int VectorWidth = 8;

        /// <summary>Whether any output is computed with vectors; without, the kernel is the scalar path alone.</summary>
        public bool UsesVectors => Columns is not null;

        /// <summary>The register-tile heights (output channels) the kernel needs: the main tile and a smaller remainder, if any.</summary>
        public EquatableArray<int> ChannelTileSizes => ChannelRemainder == 0
            ? new EquatableArray<int>(new[] { ChannelTile })
            : ChannelTilesPerGroup == 0
                ? new EquatableArray<int>(new[] { ChannelRemainder })
                : new EquatableArray<int>(new[] { ChannelTile, ChannelRemainder });

        public bool IsInteriorRowBand(Band band) => band.TapFirst == 0 && band.TapEnd == Shape.KernelHeight;

        public bool IsInteriorColumnBand(Band band) => band.TapFirst == 0 && band.TapEnd == Shape.KernelWidth;
    }
}
