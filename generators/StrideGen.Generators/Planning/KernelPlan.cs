using System.Linq;
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

    /// <summary>Which vector paths of a depthwise layer take <see cref="RowBlock"/>s.</summary>
    internal enum RowBlockReach
    {
        /// <summary>Every vector path.</summary>
        AllPaths,

        /// <summary>
        /// The paths an x64 machine with AVX2 runs: Vector512 and Vector256, and Vector128 only where rows are narrower than
        /// a Vector256 (it then runs in place of Vector256); elsewhere Vector128 is the fallback for older or Arm hardware.
        /// </summary>
        Avx2Paths,

        /// <summary>No path: rows go one at a time.</summary>
        None,
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

    /// <summary>A vector instruction set a kernel is emitted for.</summary>
    internal sealed record VectorTarget(string Name, int Width, int Registers)
    {
        /// <summary>AVX-512 machines: 16 floats, 32 registers.</summary>
        public static VectorTarget Vector512 { get; } = new("Vector512", 16, 32);

        /// <summary>AVX2 machines: 8 floats, 16 registers.</summary>
        public static VectorTarget Vector256 { get; } = new("Vector256", 8, 16);

        /// <summary>SSE/AVX and Arm64 NEON: 4 floats, 16 registers (32 on Arm64). Covers outputs narrower than 8 columns, and Arm64.</summary>
        public static VectorTarget Vector128 { get; } = new("Vector128", 4, 16);

        public string Type => Name + "<float>";

        /// <summary>The target whose vectors hold <paramref name="width"/> floats: 16, 8 or 4.</summary>
        public static VectorTarget OfWidth(int width) => width switch
        {
            16 => Vector512,
            8 => Vector256,
            _ => Vector128,
        };
    }

    /// <summary>
    /// How one input column vector of a tap is loaded: every lane from real input (contiguous, or stride apart), or only the
    /// lanes in <see cref="LaneMask"/> (bit l = lane l) with zeros elsewhere, because the others fall on padding.
    /// </summary>
    internal enum LoadKind
    {
        /// <summary>No lane reads real input: the tap is skipped for this vector.</summary>
        Skip,

        /// <summary>One contiguous load (stride 1).</summary>
        Contiguous,

        /// <summary>Stride 2 from two contiguous loads and a permute (never reads past the span: checked at generation time).</summary>
        Stride2Permute,

        /// <summary>
        /// Stride 1 with lanes clipped by padding: one contiguous load from inside the row, <see cref="TileVector.Shifts"/>
        /// floats from lane 0's column, permuted into place with the clipped lanes zeroed.
        /// </summary>
        Shifted,

        /// <summary>
        /// Stride 2 where a plain <see cref="Stride2Permute"/> cannot be used: lanes clipped by padding, or a last lane on the
        /// row's last column (the permute's second load would run past the row). Two contiguous loads from inside the row,
        /// <see cref="TileVector.Shifts"/> floats from lane 0's column, permuted into place with the clipped lanes zeroed.
        /// </summary>
        Stride2Shifted,

        /// <summary>
        /// Stride 2 on a row narrower than two vectors (but at least one): two loads, from the row's first column and from
        /// its last vector's, permuted into place with the clipped lanes zeroed; <see cref="TileVector.Shifts"/> is where
        /// the first load starts relative to lane 0's column.
        /// </summary>
        Stride2Pair,

        /// <summary>Lane by lane (larger strides, or a clipped lane set where no in-row load covers it).</summary>
        Lanes,
    }

    /// <summary>
    /// One vector of <see cref="Width"/> floats in a tile, at a column offset from the tile's first output column, and how each
    /// kernel column's tap loads it: the load kind, the lanes that read real input (bit l = lane l), and for
    /// <see cref="LoadKind.Shifted"/> and <see cref="LoadKind.Stride2Shifted"/> where the load starts. The width is the path's own, or narrower for a row's last columns.
    /// </summary>
    /// <remarks>
    /// A vector may overhang a row narrower than itself (a depthwise stride-2 layer's 7-wide rows in 8-lane vectors): only
    /// its first <see cref="Stored"/> lanes are outputs, the others are computed from anything and never stored.
    /// </remarks>
    internal sealed record TileVector(int Offset, int Width, EquatableArray<LoadKind> Loads, EquatableArray<int> LaneMasks, EquatableArray<int> Shifts)
    {
        public VectorTarget Target => VectorTarget.OfWidth(Width);

        /// <summary>Lanes that are outputs: all of them, or fewer for a vector that overhangs its row.</summary>
        public int Stored { get; init; } = Width;

        /// <summary>Whether some output lane of some tap falls on padding (and is zeroed).</summary>
        public bool Clipped => LaneMasks.Any(mask => mask != KernelPlanner.FullMask(Stored));
    }

    /// <summary>
    /// A generated tile method: <see cref="Channels"/> output channels × the vectors in <see cref="Vectors"/>, for kernel rows
    /// either unrolled (<see cref="RowsLooped"/> false: the whole window) or looped over [khFirst, khEnd).
    /// </summary>
    /// <remarks>
    /// <para>A tile of <see cref="Rows"/> &gt; 1 computes that many consecutive output rows of an interior row band at once (the
    /// whole window unrolled): each input row it loads serves every output row whose window covers it (see <see cref="RowBlock"/>).
    /// Its weights are broadcast once into registers where they fit beside the accumulators (<see cref="WeightsInRegisters"/>),
    /// else once per input row and kernel column, each broadcast feeding every vector of the output row it serves. It reads
    /// only the input rows [jFirst, jEnd) of its block that its caller says lie inside the input; only its first
    /// <see cref="GuardTop"/> and last <see cref="GuardBottom"/> input rows are ever left out, so only they are tested.</para>
    /// </remarks>
    /// <para>
    /// A <see cref="Flat"/> tile belongs to a <see cref="VectorPlan.Flat"/> plan: its vectors run along the whole output plane,
    /// and each vector's loads, lane masks and shifts are indexed by tap (kh·KW + kw) rather than by kernel column.
    /// </para>
    /// <para>
    /// A multi-row tile with two <see cref="Partials"/> sums each output vector in two accumulators, even and odd kernel
    /// rows, added before the store: a tile of few vectors (one 8-lane vector a row) would otherwise have fewer chains of
    /// multiply-adds than the FMA units can overlap, each waiting on its own last result.
    /// </para>
    /// <para>
    /// A multi-row tile with a <see cref="PhaseWidth"/> reads its input rows from their <see cref="PhaseSplit"/> rather than
    /// in place: every tap of a stride-2 layer is then one contiguous load, with no permute and no lane to clear.
    /// </para>
    /// <para>
    /// A multi-row tile whose weights are broadcast per use (one accumulator a vector) loops over its input rows
    /// [<see cref="LoopFirst"/>, <see cref="LoopEnd"/>), those that serve every one of its output rows: their code differs only
    /// in offsets. The rows before and after, which serve fewer output rows, stay unrolled. A 7×7 tile of two rows thus
    /// writes three input rows' code rather than eight.
    /// </para>
    internal sealed record TileMethod(string Name, int Channels, EquatableArray<TileVector> Vectors, bool RowsLooped, bool ColumnsLooped, int Rows = 1, bool Flat = false, bool WeightsInRegisters = true, int GuardTop = 0, int GuardBottom = 0, int PhaseWidth = 0, int Partials = 1)
    {
        /// <summary>The first input row of a multi-row tile's loop (see the remarks); equal to <see cref="LoopEnd"/> where every row is unrolled.</summary>
        public int LoopFirst { get; init; }

        /// <summary>The input row after a multi-row tile's loop.</summary>
        public int LoopEnd { get; init; }

        /// <summary>Whether some input rows of the tile are looped rather than unrolled.</summary>
        public bool LoopsInputRows => LoopEnd > LoopFirst;
    }

    /// <summary>
    /// A depthwise stride-2 layer's input plane split by column parity, once per channel, for its <see cref="RowBlock"/>s
    /// (after the phase splitting of MLAS's and oneDNN's strided kernels): input row r becomes two rows of
    /// <see cref="Width"/> floats, phase b's float x holding column 2x + b − left (zero on padding). Kernel column kw of
    /// output column ow reads float ow + kw div 2 of phase kw mod 2, so a tap's vector is one contiguous load.
    /// </summary>
    /// <param name="Width">Floats of one phase row: every float a tile reads, rounded up to whole <see cref="Stores"/>.</param>
    /// <param name="Stores">
    /// How a phase row is filled from its input row: vectors at x = <see cref="TileVector.Offset"/>, each with two loads
    /// (index b = the phase), as a tile's kernel columns 0 and 1 would load them in place.
    /// </param>
    internal sealed record PhaseSplit(int Width, EquatableArray<TileVector> Stores)
    {
        /// <summary>Floats between two input rows' phase rows.</summary>
        public int RowStep => 2 * Width;
    }

    /// <summary>
    /// <see cref="Count"/> calls of one tile method along an output row, the first at column <see cref="Start"/>, then every
    /// <see cref="Step"/> columns.
    /// </summary>
    internal sealed record ColumnRun(int Start, int Count, int Step, string InteriorMethod, string ClippedMethod);

    /// <summary>
    /// Output rows taken <see cref="Rows"/> at a time by the row method <see cref="Name"/>, along the <see cref="Runs"/> of
    /// multi-row tile methods, in the <see cref="Spans"/> that cover the whole plane (a last block that would run past the
    /// plane starts <see cref="Rows"/> rows before its end instead, computing some rows twice). Used for depthwise layers
    /// (one input and one output channel per group, stride 1 or 2 down the columns): a single-row tile loads one input
    /// vector per multiply-add and its few accumulators wait on each other; R rows reuse each loaded input row for every
    /// output row whose window covers it.
    /// </summary>
    internal sealed record RowBlock(int Rows, string Name, EquatableArray<ColumnRun> Runs, EquatableArray<BlockRows> Spans)
    {
        /// <summary>The phase split the block's tiles read, for a stride-2 layer whose plane is split once per channel; null: they read in place.</summary>
        public PhaseSplit? Phases { get; init; }

        /// <summary>Whether some block reaches into padding: the row method and its tiles then take the block's [jFirst, jEnd).</summary>
        public bool Guarded => Spans.Any(span => span.SkipTop + span.SkipBottom > 0);
    }

    /// <summary>
    /// <see cref="Count"/> blocks from output row <see cref="Start"/>, one after another (R rows apart). Each block reads
    /// (R − 1)·stride + KH input rows; the first <see cref="SkipTop"/> and the last <see cref="SkipBottom"/> of them lie in
    /// padding, so its tiles do not load them.
    /// </summary>
    internal sealed record BlockRows(int Start, int Count, int SkipTop, int SkipBottom);

    /// <summary>
    /// How a row of one output-channel tile is covered for one vector target: the runs, scalar columns left over, and for
    /// depthwise layers the <see cref="RowBlock"/> that rows take instead, several at a time (no runs, when its blocks take
    /// the whole plane).
    /// </summary>
    internal sealed record RowCover(int Channels, EquatableArray<ColumnRun> Runs, EquatableArray<Band> ScalarColumns, EquatableArray<TileMethod> Methods, RowBlock? Block = null);

    /// <summary>
    /// The schedule for one vector target: the register tile, the cache blocking of output channels, and each tile height's
    /// row cover. A <see cref="Flat"/> plan covers each output plane as one run of H·W values instead of row by row (see
    /// <c>KernelPlanner</c>): its covers' columns are positions in the plane.
    /// </summary>
    internal sealed record VectorPlan(
        VectorTarget Target,
        int ChannelTile,
        int ChannelTilesPerGroup,
        int ChannelRemainder,
        int VectorsPerTile,
        int TilesPerBlock,
        EquatableArray<RowCover> Covers,
        bool Flat = false)
    {
        /// <summary>How a multi-threaded layer deals this path's work to its parts; null for a one-thread layer.</summary>
        public WorkSplit? Split { get; init; }

        /// <summary>
        /// The packed-band schedule, when this path packs bands of output rows (see <see cref="BandPlan"/>); its
        /// <see cref="Covers"/> are then empty and the channel tile is the band tiles' height.
        /// </summary>
        public BandPlan? Band { get; init; }

        /// <summary>
        /// The dot-product schedule, when this path computes each output as a dot product over its gathered window (see
        /// <see cref="DotProductPlan"/>); its <see cref="Covers"/> are then empty and the channel tile is the dot tiles' height.
        /// </summary>
        public DotProductPlan? Dot { get; init; }

        /// <summary>Set where the path runs window regions (<see cref="RegionPlan"/>) instead of rows or bands: the tiles and covers above are unused then.</summary>
        public RegionPlan? Regions { get; init; }

        /// <summary>
        /// Output columns per segment where a row's input is too large to stay in cache while every output-channel tile
        /// passes over it (long 1-D rows: SampleCNN's 128 channels × 19683 samples): each row then runs a segment at a
        /// time, every tile over that segment before the next (see <c>KernelPlanner.WithColumnSegments</c>). A multiple of
        /// every looped run's step. 0: whole rows.
        /// </summary>
        public int ColumnSegment { get; init; }
    }

    /// <summary>
    /// The schedule of a convolution kernel, as data: which rows and columns are borders, how much of the window is unrolled,
    /// and for each vector target (Vector512, Vector256) the register tile and how rows are covered with vectors. The
    /// emitter follows it without deciding anything itself; tests read it directly.
    /// </summary>
    internal sealed record KernelPlan(
        ConvShape Shape,
        int OutputHeight,
        int OutputWidth,
        EquatableArray<Band> RowBands,
        EquatableArray<Band> ColumnBands,
        WindowUnroll Unroll,
        VectorPlan? Vector512,
        VectorPlan? Vector256,
        VectorPlan? Vector128,
        int ScalarChannelTile)
    {
        public bool UsesVectors => VectorPlans.Count > 0;

        /// <summary>Whether some path keeps a block on the stack (packed bands, gathered windows or phase splits), reached through <c>MemoryMarshal</c>.</summary>
        public bool UsesStackBlock => VectorPlans.Any(p => p.Band is not null || p.Dot is not null || p.Regions is not null || p.Covers.Any(c => c.Block?.Phases is not null));

        /// <summary>How a multi-threaded layer deals the scalar path's work to its parts; null for a one-thread layer.</summary>
        public WorkSplit? ScalarSplit { get; init; }

        /// <summary>Whether the vector paths were asked for output-channel tiles that divide the group's channels (a smaller kernel class).</summary>
        public bool WholeChannelTiles { get; init; }

        /// <summary>Whether only the Vector512 path may pack bands (a smaller kernel class; see <c>KernelPlanner.Plan</c>).</summary>
        public bool BandsOnVector512Only { get; init; }

        /// <summary>
        /// Whether band tiles that loop over kernel rows loop over kernel columns too (<see cref="BandPlan.LoopedColumns"/>):
        /// the step before the compact plan for a wide window whose row-looped band tiles would make the kernel class too
        /// long (see <c>ConvLayerEmitter</c>).
        /// </summary>
        public bool LoopBandColumns { get; init; }

        /// <summary>
        /// Whether stride-1 windows up to 5×5 may be packed in bands where rows could run in place (up to
        /// <see cref="BandPlanner.MaxStride1Taps"/> taps), rather than only 3×3 ones: false for a layer whose 5×5 band
        /// tiles would make the kernel class too long (see <c>ConvLayerEmitter</c>).
        /// </summary>
        public bool WideStride1Bands { get; init; } = true;

        /// <summary>
        /// Whether a band that is the whole output plane may leave out, per vector, the kernel rows that meet only padding
        /// there (<see cref="BandVector.SkippedRows"/>); false for a layer whose extra tile methods would make the kernel
        /// class too long (see <c>ConvLayerEmitter</c>).
        /// </summary>
        public bool SkipBorderRows { get; init; } = true;

        /// <summary>Whether only the Vector512 path's whole-plane bands leave out border rows (the step before none do).</summary>
        public bool BorderSkipsOnVector512Only { get; init; }

        /// <summary>Whether some band tile leaves out a kernel row for some vector: what <see cref="SkipBorderRows"/> false would take back.</summary>
        public bool UsesBorderSkips => VectorPlans.Any(SkipsBorderRows);

        /// <summary>Whether some band tile of path <paramref name="p"/> leaves out a kernel row for some vector.</summary>
        public static bool SkipsBorderRows(VectorPlan p) => p.Band is { } band && band.Covers.Any(c => c.Tiles.Any(t => t.Vectors.Any(v => v.SkippedRows.Count > 0)));

        /// <summary>
        /// Whether some vector path packs a stride-1 window larger than 3×3 in bands: what <see cref="WideStride1Bands"/>
        /// false would take back.
        /// </summary>
        public bool UsesWideStride1Bands => Shape.StrideHeight == 1 && Shape.StrideWidth == 1
            && Shape.KernelHeight * Shape.KernelWidth > BandPlanner.MaxNarrowStride1Taps && VectorPlans.Any(p => p.Band is not null);

        /// <summary>
        /// Whether the Vector128 path alone is planned compactly (<see cref="UnrollOn"/>): one tap at a time, border columns
        /// in scalar code, while the wider paths keep their plans. The step before the compact plan for a layer whose
        /// Vector128 tiles are most of the kernel class: a wide window over rows padded on both sides makes a tile method
        /// per group of border columns, four-lane vectors twice as many as eight-lane ones (SLaK's 5×51 depthwise layer
        /// ran at 3.9 GFLOP/s compact on every path).
        /// </summary>
        public bool CompactVector128 { get; init; }

        /// <summary>What the tiles of path <paramref name="target"/> unroll: <see cref="Unroll"/>, or none where that path is compact.</summary>
        public WindowUnroll UnrollOn(VectorTarget target) => CompactVector128 && target.Width < VectorTarget.Vector256.Width ? WindowUnroll.None : Unroll;

        /// <summary>Which paths of a depthwise layer may take <see cref="RowBlock"/>s (fewer when their unrolled tiles would make the kernel class too long).</summary>
        public RowBlockReach RowBlocks { get; init; } = RowBlockReach.AllPaths;

        /// <summary>Whether the drivers take a part (the layer runs on more than one thread).</summary>
        public bool IsSplit => ScalarSplit is not null;

        /// <summary>The vector paths, widest first: the entry runs the first whose width the hardware accelerates.</summary>
        public EquatableArray<VectorPlan> VectorPlans => new(new[] { Vector512, Vector256, Vector128 }.Where(p => p is not null).Select(p => p!));

        /// <summary>Every vector width some tile loads, as targets, widest first: the kernel carries helpers for each.</summary>
        public EquatableArray<VectorTarget> TargetsUsed => new(VectorPlans
            .SelectMany(p => p.Covers).SelectMany(c => c.Methods).SelectMany(m => m.Vectors).Select(v => v.Width)
            .Concat(VectorPlans.Where(p => p.Band is not null).SelectMany(p => p.Band!.RowStores.Select(v => v.Width)
                .Concat(p.Band.Covers.SelectMany(c => c.Tiles).SelectMany(t => t.Vectors).Select(v => v.Width))))
            .Concat(VectorPlans.Where(p => p.Dot is not null || p.Regions is not null).Select(p => p.Target.Width))
            .Concat(VectorPlans.Where(p => p.Regions is { } regions && regions.Calls.Any(c => c.Shape.NarrowLast)).Select(p => VectorTarget.Vector256.Width))
            .Distinct().OrderByDescending(width => width).Select(VectorTarget.OfWidth));

        public bool IsInteriorRowBand(Band band) => band.TapFirst == 0 && band.TapEnd == Shape.KernelHeight;

        /// <summary>Input rows that <paramref name="rows"/> consecutive output rows read: (rows − 1)·stride + KH (no dilation down the columns).</summary>
        public int BlockInputRows(int rows) => (rows - 1) * Shape.StrideHeight + Shape.KernelHeight;

        /// <summary>Whether some output row loses kernel rows to padding (and so needs the row methods that loop over [khFirst, khEnd)).</summary>
        public bool HasClippedRows => RowBands.Any(band => !IsInteriorRowBand(band));

        public bool IsInteriorColumnBand(Band band) => band.TapFirst == 0 && band.TapEnd == Shape.KernelWidth;

        /// <summary>Output-channel tile heights of the scalar path: the main tile and a remainder, if any.</summary>
        public EquatableArray<int> ScalarTileSizes => ChannelTiles.Sizes(Shape.OutChannelsPerGroup, ScalarChannelTile);
    }

    /// <summary>Splitting a group's output channels into tiles.</summary>
    internal static class ChannelTiles
    {
        public static EquatableArray<int> Sizes(int channels, int tile) =>
            channels % tile == 0 ? new EquatableArray<int>(new[] { tile })
            : channels < tile ? new EquatableArray<int>(new[] { channels })
            : new EquatableArray<int>(new[] { tile, channels % tile });
    }
}
