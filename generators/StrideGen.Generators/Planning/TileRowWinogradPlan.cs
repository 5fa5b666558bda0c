using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// A layer run as Winograd's minimal filtering a tile row at a time, on the Vector512 path: a 3×3, 5×5 or 7×7 window
    /// at stride 2, or a 5×5 one at stride 1. Each 2×2 tile of outputs is the product of two axis transforms
    /// (<see cref="WinogradAxisTransform"/>), a tile row's tiles lie in the vector lanes, and the products are summed in
    /// registers and folded into the outputs at once.
    /// <para>
    /// A 3×3 window at stride 2: along one axis, two outputs at
    /// stride 2 read inputs d0..d4: the even taps (g0, g2) over d0, d2, d4 are a stride-1 2-tap filter, which F(2, 2)
    /// computes with 3 products, and the odd tap g1 meets d1 and d3 once each: Bᵀd = (d0 − d2, d2, d4 − d2, d1, d3),
    /// Gg = (g0, g0 + g2, g2, g1, g1), y0 = m0 + m1 + m3, y1 = m1 + m2 + m4. On both axes a 2×2 tile of outputs comes from
    /// the 5×5 block of input under it (blocks 4 apart) with 25 products per pair of channels, where the window takes 36.
    /// Gg has two equal entries, so a transformed filter has 16 distinct values (positions 3 and 4 share theirs).
    /// 5×5 and 7×7 windows at stride 2 split the same way (<see cref="WinogradAxisTransform"/>): a 2×2 tile takes 49
    /// products where the window takes 100, or 81 where it takes 196 (ResNet's 7×7 stem).
    /// </para>
    /// <para>
    /// A 5×5 window at stride 1 is F(2×2, 5×5): two outputs read d0..d5, which F(2, 5) combines with 6 products, so a 2×2
    /// tile comes from the 6×6 block under it (blocks 2 apart) with 36 products where the window takes 100 (GoogLeNet's,
    /// Inception's and AlexNet's 5×5 layers).
    /// </para>
    /// </summary>
    /// <remarks>
    /// A call goes over the input channels <see cref="InChannelChunk"/> at a time. For each chunk it transforms the
    /// filters of every output channel (16 floats a filter for 3×3, every position for the wider windows), then goes over the tile rows: the chunk's input rows under
    /// the tile row are copied into padded rows and transformed (tiles in the lanes, <see cref="RowVectors"/> vectors a
    /// row), and per group of 4 output channels and vector of tiles the products are summed over the chunk in
    /// registers, a row of positions at a time, each row folded into the tiles' outputs as soon as it is summed. The first chunk
    /// stores the outputs (with the bias), the others add to them, the last applies the activation. A multi-threaded
    /// layer deals the tile rows to <see cref="Parts"/> parts, each transforming the filters itself; or, where that would
    /// cost more than every part transforming the whole input (<see cref="SplitsOutputChannels"/>), the groups of 4 output
    /// channels, each part transforming only its own groups' filters.
    /// <para>
    /// With <see cref="PairsTileRows"/> (stride 1, at most 8 tiles a row: maps up to 16 output columns) a vector holds two
    /// tile rows, 8 lanes each, where one would leave half or more of its lanes idle: GoogLeNet's 5×5 layers on 14×14 take
    /// 4 vectors of tiles instead of 7. Each half is de-interleaved from its own padded row (the pair's input rows are
    /// copied once, <see cref="CopiedRows"/> of them), and each half of the outputs is stored to its own output rows.
    /// </para>
    /// </remarks>
    /// <param name="Shape">The layer.</param>
    /// <param name="InChannelChunk">Input channels a pass transforms and sums.</param>
    /// <param name="Parts">Parts of a multi-threaded layer (1 on one thread).</param>
    /// <param name="PairsTileRows">Whether each vector of tiles holds two tile rows (8 tiles each) rather than part of one.</param>
    /// <param name="SplitsOutputChannels">Whether the parts of a multi-threaded layer take ranges of groups of 4 output channels rather than of tile rows.</param>
    internal sealed record TileRowWinogradPlan(ConvShape Shape, int InChannelChunk, int Parts = 1, bool PairsTileRows = false, bool SplitsOutputChannels = false)
    {
        /// <summary>What the parts of a multi-threaded layer take ranges of: groups of 4 output channels, or steps over the map.</summary>
        public int PartUnits => SplitsOutputChannels ? ChannelGroups : RowSteps;

        /// <summary>Tiles a half vector holds, where a vector holds two tile rows (<see cref="PairsTileRows"/>).</summary>
        public const int PairedRowTiles = 8;

        /// <summary>Whether a layer's rows are narrow enough for two tile rows a vector: stride 1, at most 8 tiles a row, more than one tile row.</summary>
        public static bool CanPairTileRows(ConvShape shape) =>
            shape.StrideHeight == 1 && (shape.OutputWidth + 1) / 2 <= PairedRowTiles && shape.OutputHeight > 2;

        /// <summary>Tile rows a vector of tiles takes: two where they are paired, else one.</summary>
        public int RowsPerStep => PairsTileRows ? 2 : 1;

        /// <summary>Steps of the driver's loop over the map: the tile rows, or their pairs (an odd last one alone).</summary>
        public int RowSteps => (TileRows + RowsPerStep - 1) / RowsPerStep;

        /// <summary>Vectors of tiles over the whole map: what the products, the transforms and the folds are counted in.</summary>
        public int MapVectors => RowSteps * RowVectors;

        /// <summary>Input rows a step copies: those under its tile row, or under both of a pair (the second starts <see cref="TileStep"/> rows on).</summary>
        public int CopiedRows => InputRows + (RowsPerStep - 1) * TileStep;

        /// <summary>The window's taps along each axis: 3, 5 or 7.</summary>
        public int Taps => (int)Shape.KernelHeight;

        /// <summary>The window's stride both ways: 2, or 1 for a 5×5 window (F(2×2, 5×5)).</summary>
        public int Stride => (int)Shape.StrideHeight;

        /// <summary>The transform along each axis (the same both ways).</summary>
        public WinogradAxisTransform Axis => WinogradAxisTransform.For(Taps, Stride);

        /// <summary>Products per tile and pair of channels: 25 for 3 taps, 49 for 5, 81 for 7; 36 for 5 taps at stride 1.</summary>
        public int Positions => Axis.Terms * Axis.Terms;

        /// <summary>Input rows under a tile row: the window's taps and the stride.</summary>
        public int InputRows => Taps + Stride;

        /// <summary>Input columns (and rows) from one tile to the next: 4 at stride 2, 2 at stride 1.</summary>
        public int TileStep => 2 * Stride;

        /// <summary>Floats between padded rows: <see cref="TileStep"/> input columns per tile, 16 tiles a vector, and one vector of slack (the last columns of a vector's last tile are the next vector's first).</summary>
        public int PaddedRow => 16 * TileStep * RowVectors + 16;

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

        /// <summary>Floats of one transformed filter: 16 for 3 taps (two of G's rows are equal), every position for 5 and 7.</summary>
        public int FilterPositions => Taps == 3 ? 16 : Positions;

        /// <summary>Floats of the transformed filters of a chunk: per group of 4 output channels, a filter's positions × the chunk's channels × 4.</summary>
        public int FilterFloats => ChannelGroups * 4 * InChannelChunk * FilterPositions;

        /// <summary>Floats of a tile row's transformed input: per vector of tiles, every position × the chunk's channels × 16 lanes.</summary>
        public int TileFloats => RowVectors * Positions * InChannelChunk * 16;

        /// <summary>Floats of the padded input rows of a step: <see cref="CopiedRows"/> per input channel of the chunk.</summary>
        public int RowFloats => CopiedRows * InChannelChunk * PaddedRow;

        /// <summary>Floats of the input transform's scratch (5 and 7 taps): a vector of tiles' rows transformed along the columns.</summary>
        public int ScratchFloats => Taps == 3 ? 0 : InputRows * Axis.Terms * 16;

        /// <summary>Floats of the stack blocks (each aligned to a cache line).</summary>
        public long StackFloats => FilterFloats + TileFloats + RowFloats + ScratchFloats + (ScratchFloats > 0 ? 4 : 3) * 15;
    }
}
