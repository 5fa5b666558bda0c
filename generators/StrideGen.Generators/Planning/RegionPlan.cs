using System.Linq;
using StrideGen.Generators.Model;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// A rectangle of output positions whose windows all read real input at the same taps: output rows
    /// [<see cref="Row"/>, <see cref="Row"/> + <see cref="Rows"/>) × columns [<see cref="Column"/>, <see cref="Column"/> +
    /// <see cref="Columns"/>), kernel rows [<see cref="KhFirst"/>, <see cref="KhEnd"/>) × kernel columns
    /// [<see cref="KwFirst"/>, <see cref="KwEnd"/>). Every other tap of these windows falls on padding.
    /// </summary>
    internal sealed record WindowRegion(int Row, int Rows, int Column, int Columns, int KhFirst, int KhEnd, int KwFirst, int KwEnd)
    {
        public int Positions => Rows * Columns;

        /// <summary>Taps each window reads real input at (0 where every tap is padding: the output is the bias alone).</summary>
        public int Taps => (KhEnd - KhFirst) * (KwEnd - KwFirst);
    }

    /// <summary>
    /// One call of a region path: positions [<see cref="Start"/>, <see cref="Start"/> + <see cref="Count"/>) of region
    /// <see cref="Region"/>, row by row, as the vectors of <see cref="Shape"/>.
    /// </summary>
    internal sealed record RegionCall(int Region, int Start, int Count, RegionTileShape Shape);

    /// <summary>
    /// The vectors of a region tile: <see cref="Vectors"/> of them, whole ones from the call's first position, the last
    /// ending at the call's end; on the Vector512 path that last one is a Vector256 (<see cref="NarrowLast"/>) where at most
    /// 8 positions are left past the whole ones (a 36-position region is 16 + 16 + 8 lanes, not 48).
    /// </summary>
    internal sealed record RegionTileShape(int Vectors, bool NarrowLast)
    {
        /// <summary>The shape of a call of <paramref name="count"/> positions on <paramref name="target"/>.</summary>
        public static RegionTileShape Of(VectorTarget target, int count)
        {
            int whole = count / target.Width, rest = count % target.Width;
            return rest == 0 ? new(whole, false) : new(whole + 1, target == VectorTarget.Vector512 && rest <= VectorTarget.Vector256.Width);
        }

        /// <summary>Lanes the tile computes: each lane of a Vector256 half a Vector512's cost, as Zen 4 splits those.</summary>
        public int Lanes(VectorTarget target) => (Vectors - 1) * target.Width + (NarrowLast ? VectorTarget.Vector256.Width : target.Width);

        /// <summary>The width of vector <paramref name="index"/>.</summary>
        public int Width(VectorTarget target, int index) => index == Vectors - 1 && NarrowLast ? VectorTarget.Vector256.Width : target.Width;
    }

    /// <summary>
    /// The window-region schedule of a vector path, for layers whose padding takes whole kernel columns from many windows
    /// (a large dilation: DeepLab's atrous pyramid, SSD's fc6). Vectors along output rows would compute every kernel
    /// column a row's vectors meet, on padding too; here the output plane is cut into <see cref="Regions"/> (output rows
    /// of one set of real kernel rows × output columns of one set of real kernel columns), and each region's positions
    /// are taken row after row, <see cref="CallPositions"/> at a time. A call packs, for a chunk of input channels, each
    /// real tap's inputs of its positions into one contiguous run (im2col of the real taps only), so register tiles of
    /// output channels × vectors of positions multiply only real inputs with every lane filled, weights broadcast from
    /// OIHW. Partial sums stay in a stack block of the call's positions for a group of output channels, and are written
    /// to the output rows once, after the last chunk.
    /// </summary>
    /// <param name="Regions">The output plane's regions, row classes then column classes.</param>
    /// <param name="Calls">The calls that cover every region's positions, in order.</param>
    /// <param name="CallPositions">Positions a call holds at most: the tile's vectors × the path's lanes.</param>
    /// <param name="ChunkChannels">Input channels packed at a time: a divisor of the input channels.</param>
    /// <param name="MaxTaps">The most real taps of any region: the block holds that many runs per input channel.</param>
    /// <param name="StageChannels">Output channels whose partial sums the stack holds at once: a multiple of the channel tile, or all (0 for <paramref name="WholePlane"/>).</param>
    /// <param name="ChunkRows">
    /// Kernel rows packed at a time, where one input channel's real taps at every position would overflow the block of a
    /// <paramref name="WholePlane"/> path of one region (0: every real kernel row; otherwise <paramref name="ChunkChannels"/>
    /// is 1). ViT-B/32's 32×32 patches take 1024 taps of one channel; the chunk runs over the region's real kernel rows,
    /// <paramref name="ChunkRows"/> at a time.
    /// </param>
    /// <param name="WholePlane">
    /// Whether a chunk of input channels is packed for the whole plane at once, and every output-channel tile then runs
    /// over every call, adding into the output itself, kept in region order until the last chunk puts each channel's
    /// plane in row order: for weights too large to stream once per call (SSD's fc6: 19 MB). Its calls split each region
    /// into runs of whole vectors, the last ending at the region's end.
    /// </param>
    internal sealed record RegionPlan(
        EquatableArray<WindowRegion> Regions,
        EquatableArray<RegionCall> Calls,
        int CallPositions,
        int ChunkChannels,
        int MaxTaps,
        int StageChannels,
        int ChunkRows = 0,
        bool WholePlane = false)
    {
        /// <summary>Whether the chunks run over a channel's kernel rows (<see cref="ChunkRows"/>) rather than whole channels.</summary>
        public bool RowChunks => ChunkRows > 0;

        /// <summary>Real taps of region <paramref name="region"/> one chunk packs per input channel: its real kernel rows, or <see cref="ChunkRows"/> of them, × its real columns.</summary>
        public int ChunkTaps(WindowRegion region) => RowChunks ? ChunkRows * (region.KwEnd - region.KwFirst) : region.Taps;

        /// <summary>
        /// Floats of the packed block: a chunk's input channels × the taps × a call's positions, or (<see cref="WholePlane"/>)
        /// × every region's real taps × its positions.
        /// </summary>
        public long BlockFloats => WholePlane
            ? ChunkChannels * Regions.Sum(r => (long)ChunkTaps(r) * r.Positions)
            : (long)ChunkChannels * Regions.Max(r => ChunkTaps(r)) * CallPositions;

        /// <summary>Floats of the partial sums: <see cref="StageChannels"/> rows of a call's positions.</summary>
        public long StageFloats => (long)StageChannels * CallPositions;

        /// <summary>Where region <paramref name="index"/>'s positions start in a plane kept in region order.</summary>
        public int PlaneOffset(int index) => Regions.Take(index).Sum(r => r.Positions);

        /// <summary>Where region <paramref name="index"/>'s packed runs start in a <see cref="WholePlane"/> block.</summary>
        public long BlockOffset(int index) => ChunkChannels * Regions.Take(index).Sum(r => (long)ChunkTaps(r) * r.Positions);

        /// <summary>The calls of region <paramref name="index"/>, in order (<see cref="WholePlane"/>: runs of whole vectors, the last ending at its end).</summary>
        public EquatableArray<RegionCall> CallsOf(int index) => new(Calls.Where(c => c.Region == index).OrderBy(c => c.Start).ToList());

        /// <summary>The tile shapes calls take (one tile method each per channel-tile height), fewest lanes first.</summary>
        public EquatableArray<RegionTileShape> TileShapes => new(Calls.Select(c => c.Shape).Distinct().OrderBy(t => t.Vectors).ThenByDescending(t => t.NarrowLast).ToList());
    }
}
