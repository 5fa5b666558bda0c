using System.Collections.Generic;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// An NHWC 3×3 stride-1 layer run as Winograd's F(2×2, 3×3) with the channels in the vector lanes: each 2×2 block of
    /// outputs (a tile) comes from the 4×4 block of input pixels under it. A pixel's channels are contiguous in NHWC, so
    /// every transform is plain vector arithmetic on whole channel vectors: the filters (U = G·g·Gᵀ, from HWIO weights, a
    /// vector of output channels at a time), the input tiles (V = Bᵀ·d·B, a vector of input channels at a time) and the
    /// outputs (Y = Aᵀ·M·A, a vector of output channels at a time, stored straight into the output pixels). Between them,
    /// 16 small matrix products (one per position of the 4×4 transformed tile) M = V·U, tiles × input channels times input
    /// channels × output channels, in register tiles of tiles × output-channel vectors, one broadcast per tile.
    /// </summary>
    /// <param name="Shape">The layer.</param>
    /// <param name="Vector512">The Vector512 path, or null where the layer's own NHWC kernel takes it.</param>
    /// <param name="Vector256">The Vector256 path, or null.</param>
    /// <param name="Vector128">The Vector128 path (x64 without AVX2, Arm64), or null.</param>
    internal sealed record NhwcWinogradPlan(ConvShape Shape, NhwcWinogradPath? Vector512, NhwcWinogradPath? Vector256, NhwcWinogradPath? Vector128)
    {
        /// <summary>The paths in dispatch order, widest first.</summary>
        public IEnumerable<NhwcWinogradPath> Paths => DispatchOrder.Of(Vector512, Vector256, Vector128);
    }

    /// <summary>
    /// How one vector path runs an <see cref="NhwcWinogradPlan"/>. A call goes over the output channels in chunks of
    /// <see cref="OutChunk"/> and, within each, over the input channels in chunks of <see cref="InChunk"/>: it transforms
    /// that chunk pair's filters, then, <see cref="BlockTiles"/> tiles at a time (tiles numbered row by row across the map),
    /// transforms the block's input, multiplies, and folds the sums into the outputs (the first input chunk stores them
    /// with the bias, later ones add to them, the last activates).
    /// </summary>
    /// <param name="Target">The vector width.</param>
    /// <param name="OutChunk">Output channels per chunk: a multiple of the lanes that divides the layer's.</param>
    /// <param name="InChunk">Input channels per chunk: a multiple of the lanes that divides the layer's.</param>
    /// <param name="BlockTiles">Tiles per block (the last block may hold fewer).</param>
    /// <param name="TileRows">Tile rows: the output rows in pairs (an odd last row is the top half of a tile).</param>
    /// <param name="TilesPerRow">Tiles per tile row: the output columns in pairs.</param>
    /// <param name="GroupTiles">Tiles of one register tile.</param>
    /// <param name="GroupVectors">Output-channel vectors of one register tile.</param>
    /// <param name="Parts">
    /// Parts of a multi-threaded layer: each takes a contiguous range of blocks and transforms the filters itself (a few %
    /// of its work), so every output is computed as on one thread.
    /// </param>
    internal sealed record NhwcWinogradPath(VectorTarget Target, int OutChunk, int InChunk, int BlockTiles, int TileRows, int TilesPerRow, int GroupTiles, int GroupVectors, int Parts = 1)
    {
        public int Lanes => Target.Width;

        /// <summary>Tiles of the whole map.</summary>
        public int Tiles => TileRows * TilesPerRow;

        /// <summary>Blocks of tiles.</summary>
        public int Blocks => (Tiles + BlockTiles - 1) / BlockTiles;

        /// <summary>Tiles of the last block.</summary>
        public int LastBlockTiles => Tiles - (Blocks - 1) * BlockTiles;

        /// <summary>Floats of one of the 16 planes of the transformed filters: the chunk's input × output channels.</summary>
        public int FilterPlane => InChunk * OutChunk;

        /// <summary>Floats of one of the 16 planes of a block's transformed input: its tiles × the chunk's input channels.</summary>
        public int InputPlane => BlockTiles * InChunk;

        /// <summary>Floats of one of the 16 planes of a block's sums: its tiles × the chunk's output channels.</summary>
        public int SumPlane => BlockTiles * OutChunk;

        /// <summary>Floats of the three stack blocks (transformed filters, transformed input, sums).</summary>
        public int StackFloats => 16 * (FilterPlane + InputPlane + SumPlane);
    }
}
