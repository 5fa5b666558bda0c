using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// A 3×3 stride-2 layer run as Winograd's minimal filtering, on the Vector512 path. Along one axis, two outputs at
    /// stride 2 read inputs d0..d4: the even taps (g0, g2) over d0, d2, d4 are a stride-1 2-tap filter, which F(2, 2)
    /// computes with 3 products, and the odd tap g1 meets d1 and d3 once each: Bᵀd = (d0 − d2, d2, d4 − d2, d1, d3),
    /// Gg = (g0, g0 + g2, g2, g1, g1), y0 = m0 + m1 + m3, y1 = m1 + m2 + m4. On both axes a 2×2 tile of outputs comes from
    /// the 5×5 block of input under it (blocks 4 apart) with 25 products per pair of channels, where the window takes 36.
    /// Gg has two equal entries, so a transformed filter has 16 distinct values (positions 3 and 4 share theirs).
    /// </summary>
    /// <remarks>
    /// A call goes over the input channels <see cref="InChannelChunk"/> at a time. For each chunk it transforms the
    /// filters of every output channel (16 floats a filter), then goes over the tile rows: the chunk's input rows under
    /// the tile row are copied into padded rows and transformed (tiles in the lanes, <see cref="RowVectors"/> vectors a
    /// row), and per group of 4 output channels and vector of tiles the 25 products are summed over the chunk in
    /// registers, a row of 5 at a time, each row folded into the tiles' outputs as soon as it is summed. The first chunk
    /// stores the outputs (with the bias), the others add to them, the last applies the activation. A multi-threaded
    /// layer deals the tile rows to <see cref="Parts"/> parts, each transforming the filters itself.
    /// </remarks>
    /// <param name="Shape">The layer.</param>
    /// <param name="InChannelChunk">Input channels a pass transforms and sums.</param>
    /// <param name="Parts">Parts of a multi-threaded layer (1 on one thread).</param>
    internal sealed record StrideTwoWinogradPlan(ConvShape Shape, int InChannelChunk, int Parts = 1)
    {
        /// <summary>Floats between padded rows: 4 input columns per tile, 16 tiles a vector, and one vector of slack (the fifth column of a vector's last tile is the next vector's first).</summary>
        public int PaddedRow => 64 * RowVectors + 16;

        /// <summary>Output rows in pairs: an odd last row is the top half of a tile.</summary>
        public int TileRows => (int)((Shape.OutputHeight + 1) / 2);

        /// <summary>Output columns in pairs.</summary>
        public int TilesPerRow => (int)((Shape.OutputWidth + 1) / 2);

        /// <summary>Vectors of 16 tiles that cover a tile row.</summary>
        public int RowVectors => (TilesPerRow + 15) / 16;

        /// <summary>Groups of 4 output channels (the last one padded with zero filters).</summary>
        public int ChannelGroups => (Shape.OutChannels + 3) / 4;

        /// <summary>Chunks of input channels: how many times each output is written.</summary>
        public int InChannelChunks => (Shape.InChannels + InChannelChunk - 1) / InChannelChunk;

        /// <summary>Floats of the transformed filters of a chunk: per group of 4 output channels, 4 rows × the chunk's channels × 16 (4 columns × 4 channels).</summary>
        public int FilterFloats => ChannelGroups * 4 * InChannelChunk * 16;

        /// <summary>Floats of a tile row's transformed input: per vector of tiles, 25 positions × the chunk's channels × 16 lanes.</summary>
        public int TileFloats => RowVectors * 25 * InChannelChunk * 16;

        /// <summary>Floats of the padded input rows of a tile row: 5 per input channel of the chunk.</summary>
        public int RowFloats => 5 * InChannelChunk * PaddedRow;

        /// <summary>Floats of the stack blocks (each aligned to a cache line).</summary>
        public long StackFloats => FilterFloats + TileFloats + RowFloats + 3 * 15;
    }
}
