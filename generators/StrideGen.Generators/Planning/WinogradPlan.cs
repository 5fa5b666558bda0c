using System.Collections.Generic;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// A 3×3 stride-1 layer run as Winograd's minimal filtering F(2×2, 3×3): each 2×2 block of outputs (a tile) is computed
    /// from the 4×4 block of input under it with 16 multiplies per input channel and output channel, where the window
    /// takes 36. The filters are transformed to 4×4 (U = G·g·Gᵀ), the tiles of input to 4×4 (V = Bᵀ·d·B), the 16 products
    /// U⊙V are summed over input channels (16 small matrix products, tiles in the vector lanes), and each tile's 4×4 sums
    /// go back to 2×2 outputs (Y = Aᵀ·M·A). 2.25× fewer multiply-adds than the window, for the cost of the transforms.
    /// </summary>
    /// <param name="Shape">The layer.</param>
    /// <param name="Vector512">The Vector512 path, or null where the layer's own kernel is faster there.</param>
    /// <param name="Vector256">The Vector256 path, or null.</param>
    /// <param name="Vector128">The Vector128 path (x64 without AVX2, Arm64), or null.</param>
    internal sealed record WinogradPlan(ConvShape Shape, WinogradPath? Vector512, WinogradPath? Vector256, WinogradPath? Vector128)
    {
        /// <summary>The paths in dispatch order, widest first.</summary>
        public IEnumerable<WinogradPath> Paths => DispatchOrder.Of(Vector512, Vector256, Vector128);
    }

    /// <summary>
    /// How one vector path runs a <see cref="WinogradPlan"/>. A call transforms the filters of <see cref="ChannelChunk"/>
    /// output channels at a time, then goes over the map in blocks of <see cref="BlockRows"/> tile rows, whose tiles lie
    /// side by side in the vector lanes (a block's tiles are one flat run, so narrow maps fill their lanes); it transforms
    /// the block's input <see cref="InChannelChunk"/> channels at a time, multiplies in register tiles of
    /// <see cref="TileChannels"/> output channels × <see cref="GroupVectors"/> vectors of tiles, and writes the block's
    /// outputs. A multi-threaded layer deals the blocks to <see cref="Parts"/> parts (each transforms the filters itself:
    /// a few % of its time), so every output is computed as on one thread. <see cref="TileRows"/> are the output rows in
    /// pairs (an odd last row is the top half of a tile), <see cref="TilesPerRow"/> the output columns in pairs.
    /// </summary>
    /// <remarks>
    /// With <see cref="AccumulatesOutput"/> the loops turn round for large channel counts on small maps, where the
    /// transformed filters of every input channel take too much stack for more than a few output channels at a time (so
    /// the input would be transformed once per few output channels): per block, the chunks of input channels come first,
    /// each transformed once; the filters of each chunk of output × input channels are transformed on the spot (once per
    /// block, 16 floats a filter, vectorised), their products summed over the chunk and folded into the outputs, which
    /// the next chunk of input channels adds to. Parts of a multi-threaded layer then take ranges of output chunks.
    /// <para>
    /// With <see cref="FoldsProducts"/>, for few input channels (a network's first layers), the products never reach the
    /// stack: a block's input is transformed in one chunk, then per group of <see cref="TileChannels"/> output channels
    /// and vector of a tile row's tiles the 16 sums are summed over every input channel in registers, a row of 4 at a
    /// time, each row folded into the tiles' outputs as soon as it is summed. Summed on the stack, each sum would be
    /// stored and read back for a handful of multiply-adds, and folded in a pass of its own.
    /// </para>
    /// </remarks>
    internal sealed record WinogradPath(VectorTarget Target, int InChannels, int ChannelChunk, int TileChannels, int GroupVectors, int InChannelChunk, int BlockRows, int TileRows, int TilesPerRow, int Parts = 1, bool AccumulatesOutput = false, bool FoldsProducts = false)
    {
        public int Lanes => Target.Width;

        /// <summary>Vectors that cover one tile row (its last one overhanging the row when the tiles are not a multiple of the lanes).</summary>
        public int RowVectors => (TilesPerRow + Lanes - 1) / Lanes;

        /// <summary>Vectors that cover a block's tiles, the block's rows one after another.</summary>
        public int BlockVectors => (BlockRows * TilesPerRow + Lanes - 1) / Lanes;

        /// <summary>Blocks of tile rows; the last may hold fewer rows than the others (its lanes past them are computed and never stored).</summary>
        public int Blocks => (TileRows + BlockRows - 1) / BlockRows;

        /// <summary>
        /// Floats from one input channel's (or output channel's) tiles of a block to the next: the block's vectors, and room
        /// for the last row's whole vectors, a multiple of the lanes so every row of vectors starts on a cache line.
        /// </summary>
        public int BlockStride => RoundUp(System.Math.Max(BlockVectors * Lanes, (BlockRows - 1) * TilesPerRow + RowVectors * Lanes), 16);

        /// <summary>Floats of one of the 16 transformed filters' planes: every input channel × the chunk's output channels, one cache line apart from the next plane.</summary>
        public int FilterPlane => InChannels * ChannelChunk + 16;

        /// <summary>
        /// Floats of the transformed filters on the stack: 16 planes of <see cref="FilterPlane"/>, or (accumulating the
        /// output) the filters of a chunk of output × input channels, 16 floats each.
        /// </summary>
        public int FilterFloats => AccumulatesOutput ? 16 * ChannelChunk * InChannelChunk : 16 * FilterPlane;

        /// <summary>Chunks of input channels: with <see cref="AccumulatesOutput"/>, how many times each output is added to.</summary>
        public int InChannelChunks => (InChannels + InChannelChunk - 1) / InChannelChunk;

        /// <summary>Floats of one of the 16 planes of a block's transformed input: a chunk of input channels, one cache line apart from the next plane.</summary>
        public int InputPlane => InChannelChunk * BlockStride + 16;

        /// <summary>Floats of one of the 16 planes of a block's sums: the chunk's output channels, one cache line apart from the next plane.</summary>
        public int SumPlane => ChannelChunk * BlockStride + 16;

        /// <summary>
        /// Floats of one combined input row (Bᵀ applied down the 4 rows under a tile row): the row, its padding, and room for
        /// the de-interleaving loads past the last tile (two vectors past it, and a vector of slack); a multiple of 16.
        /// </summary>
        public int CombinedRow => RoundUp(2 * RowVectors * Lanes + 3 * Lanes + 16, 16);

        /// <summary>Floats of the stack blocks: transformed filters, transformed input, sums (none where the products are folded in registers), combined rows.</summary>
        public long StackFloats => FilterFloats + 16L * InputPlane + (FoldsProducts ? 0 : 16L * SumPlane) + 4L * InChannelChunk * CombinedRow;

        private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
    }
}
