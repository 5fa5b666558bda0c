using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>How an NHWC kernel's lanes (vector elements or scalar accumulators) map input channels to output channels.</summary>
    internal enum NhwcScheme
    {
        /// <summary>
        /// Each input value is broadcast and multiplied with the weights of consecutive output channels of its group, which
        /// HWIO stores contiguously: lanes are output channels, one input channel at a time.
        /// </summary>
        Broadcast,

        /// <summary>
        /// Depthwise (Groups == InChannels == OutChannels): output channel c reads input channel c alone, so lanes are
        /// channels of input, weights and output alike and every load is a contiguous run of channels.
        /// </summary>
        Depthwise,
    }

    /// <summary><see cref="Count"/> register tiles of <see cref="Pixels"/> neighbouring output columns each, from output column <see cref="Start"/>.</summary>
    internal sealed record PixelRun(int Start, int Count, int Pixels)
    {
        /// <summary>One past the last output column the run covers.</summary>
        public int End => Start + Count * Pixels;
    }

    /// <summary>
    /// A register tile at a row's edge: <see cref="Kw"/>.Count neighbouring output columns from <see cref="Start"/>, each
    /// reading only kernel columns [First, End) of its window (the rest fall on padding), so the border columns run at the
    /// tile's rate instead of one pixel at a time. Its columns past the border are interior ones, computed with every tap.
    /// In a chunked block an interior tile that overlaps the one before is one too, its overlapped columns left unstored.
    /// </summary>
    internal sealed record EdgeTile(int Start, EquatableArray<KernelColumns> Kw)
    {
        public int Pixels => Kw.Count;
    }

    /// <summary>
    /// The kernel columns [<see cref="First"/>, <see cref="End"/>) an output column's window reads on real input; a column
    /// another tile already writes is not <see cref="Stored"/> (and reads none), so a chunked block never adds a chunk twice.
    /// </summary>
    internal sealed record KernelColumns(int First, int End, bool Stored = true);

    /// <summary>
    /// One kind of channel block: <see cref="Repeat"/> blocks, <see cref="Step"/> channels apart from <see cref="First"/>
    /// (relative to the group's first output channel; for depthwise, to channel 0), each holding lanes at
    /// <see cref="Offsets"/> from the block's first channel. In the vector path a lane is a Vector256 of 8 consecutive
    /// channels, and a block whose channel count is not a multiple of 8 ends with a vector that starts early, overlapping
    /// the channels before it (they are recomputed identically) rather than reading or writing past the group's channels.
    /// In the scalar path a lane is one channel.
    /// </summary>
    /// <param name="Name">The block's part of its method names: the count of channels it adds (<c>Tile16x6</c>: 16 channels × 6 columns).</param>
    /// <param name="First">First output channel of the first block, relative to the group's first output channel.</param>
    /// <param name="Repeat">How many blocks of this kind follow each other.</param>
    /// <param name="Step">Channels from one block to the next.</param>
    /// <param name="Offsets">Each lane's first channel, relative to the block's first channel (may be negative: the overlapping vector).</param>
    /// <param name="Pixels">Output columns per register tile.</param>
    /// <param name="Tiles">
    /// How the interior columns of a row are covered with tiles of <see cref="Pixels"/> columns: a run of tiles side by side,
    /// then, where the width is not a multiple, one tile that ends at the last interior column, overlapping the one before
    /// (its columns are recomputed identically).
    /// </param>
    /// <param name="Unroll">What the tiles unroll inside the loop over kernel rows: each row's taps (<see cref="WindowUnroll.Rows"/>) or one tap (<see cref="WindowUnroll.None"/>).</param>
    /// <param name="ChannelUnroll">Input channels per step of the tiles' channel loop (a divisor of InChannels/Groups; 1 for depthwise).</param>
    /// <param name="PixelSets">
    /// Independent accumulator sets of the single-pixel method for border columns, summed at the end: its input channels
    /// (depthwise: its kernel rows) are dealt round them, so that one pixel still keeps several multiply-adds in flight.
    /// </param>
    /// <param name="ChunkChannels">
    /// Input channels per pass over the output rows (a divisor of InChannels/Groups, a multiple of <see cref="ChannelUnroll"/>):
    /// with fewer than all, the block's weights for a chunk stay in L1 while every row is computed, the first chunk storing
    /// partial sums, later ones adding to them, the last activating.
    /// </param>
    /// <param name="Edges">
    /// Tiles that cover the row's left and right border columns (vector path, kernel rows' taps unrolled, border no wider
    /// than a tile); border columns no edge tile covers run one pixel at a time.
    /// </param>
    internal sealed record ChannelBlock(
        string Name,
        int First,
        int Repeat,
        int Step,
        EquatableArray<int> Offsets,
        int Pixels,
        EquatableArray<PixelRun> Tiles,
        WindowUnroll Unroll,
        int ChannelUnroll,
        int PixelSets,
        EquatableArray<EdgeTile> Edges,
        int ChunkChannels)
    {
        /// <summary>Vectors (or scalar accumulators) per output pixel.</summary>
        public int Lanes => Offsets.Count;

        /// <summary>
        /// Whether a chunked block copies each chunk's weights contiguous before its pass over the rows (see
        /// <see cref="NhwcKernelPlanner.PacksChunks"/>), so its tiles read [tap][channel][block channels] rather than HWIO.
        /// </summary>
        public bool PacksChunks { get; init; }
    }

    /// <summary>The code path for one lane width: Vector512 (16 floats per lane), Vector256 (8), Vector128 (4) or scalar (1), as a list of channel blocks.</summary>
    internal sealed record NhwcPath(int LaneWidth, EquatableArray<ChannelBlock> Blocks)
    {
        public bool IsVector => LaneWidth > 1;

        /// <summary>
        /// Input channels per pass over every block (see <see cref="NhwcKernelPlanner.SharedChunk"/>), or 0: where every block
        /// is chunked, the loop over chunks of this many channels (a multiple of each block's chunk) runs outside the loop
        /// over blocks, so the chunk's weights for all output channels are read from memory once, in order, and stay in L2
        /// while each block takes its part; otherwise each block passes over all input channels before the next begins.
        /// </summary>
        public int SharedChunkChannels { get; init; }

        /// <summary>The vector target of a vector path.</summary>
        public VectorTarget Target => VectorTarget.OfWidth(LaneWidth);
    }

    /// <summary>
    /// The schedule of an NHWC convolution kernel, as data. A register tile holds <c>P</c> neighbouring output pixels of a
    /// row × <c>L</c> lanes of output channels; per kernel tap and input channel it loads <c>L</c> weight vectors (HWIO keeps
    /// an input channel's output channels contiguous), broadcasts <c>P</c> input values and issues <c>P·L</c> fused
    /// multiply-adds (MLAS NCHWc, oneDNN, XNNPACK IGEMM). Output rows and columns are split into bands by which taps land
    /// on real input, as in the NCHW plan: a row band passes its kernel rows to the tiles, interior columns run the tiles,
    /// border columns one pixel at a time with only their real taps, so no tap on padding is ever computed. The emitter
    /// follows this without deciding anything itself.
    /// </summary>
    /// <param name="Vector">The Vector256 path; null when a group has fewer than 8 channels (<see cref="Vector128"/> then runs
    /// where a group has 4 to 7, and where Vector256 is not accelerated). (<see cref="Vector512"/>, where a group has at
    /// least 16, runs first where Vector512 is accelerated.)</param>
    /// <param name="Scalar">The path for hardware without vector acceleration, and for groups of fewer than 4 channels.</param>
    internal sealed record NhwcKernelPlan(
        ConvShape Shape,
        int OutputHeight,
        int OutputWidth,
        NhwcScheme Scheme,
        EquatableArray<Band> RowBands,
        EquatableArray<Band> ColumnBands,
        NhwcPath? Vector,
        NhwcPath Scalar)
    {
        /// <summary>Floats in one Vector256.</summary>
        public const int VectorWidth = 8;

        /// <summary>Whether the kernel has a vector path.</summary>
        public bool UsesVectors => VectorPaths.Any();

        /// <summary>The Vector512 path: 16 output channels per lane and 32 registers; null when a group has fewer than 16 channels.</summary>
        public NhwcPath? Vector512 { get; init; }

        /// <summary>
        /// The Vector128 path: 4 output channels per lane. It runs groups of 4 to 7 channels (ResNeXt's 32 groups of 4), which
        /// no Vector256 fills, and in a layer's own kernel every group of 4 or more on hardware without Vector256 (x64 without
        /// AVX2, Arm64), where the scalar path ran 3.3–6.2× slower (SSE: ResNet's 64 → 64 NHWC layer 20.8 → 6.4 ms); null otherwise.
        /// </summary>
        public NhwcPath? Vector128 { get; init; }

        /// <summary>The vector paths, widest first (the entry dispatches in this order).</summary>
        public System.Collections.Generic.IEnumerable<NhwcPath> VectorPaths =>
            DispatchOrder.Of(Vector512, Vector, Vector128);

        /// <summary>How a multi-threaded layer deals output rows to its parts (both paths alike); null for a one-thread layer.</summary>
        public WorkSplit? RowSplit { get; init; }

        public bool IsInteriorRowBand(Band band) => band.TapFirst == 0 && band.TapEnd == Shape.KernelHeight;

        public bool IsInteriorColumnBand(Band band) => band.TapFirst == 0 && band.TapEnd == Shape.KernelWidth;
    }
}
