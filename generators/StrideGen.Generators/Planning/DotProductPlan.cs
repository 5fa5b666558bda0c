using System;
using System.Collections.Generic;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// The schedule of a vector path for a layer whose output plane is too small to fill vectors of positions (3×3 or
    /// 1×1 maps of a network's last layers): every output is the dot product of its channel's OIHW weights with its
    /// position's window. The windows are gathered once per call into columns of <see cref="Depth"/> floats (channel,
    /// kernel row, kernel column: the weights' order), zeros where they meet padding; then tiles of
    /// <see cref="Channels"/> output channels × <see cref="TilePositions"/> positions run down the columns a vector at a
    /// time, in <see cref="Unroll"/> partial sums each, and are summed across the lanes once at the end.
    /// </summary>
    /// <param name="Positions">Output positions gathered at a time: a band's <see cref="Rows"/>·OutputWidth (the whole plane for a small map).</param>
    /// <param name="Depth">Inputs per dot product: InChannels·KernelHeight·KernelWidth.</param>
    /// <param name="Channels">Output channels per tile (a remainder tile takes the rest).</param>
    /// <param name="TilePositions">Positions per tile (the last tile of a plane takes the rest).</param>
    /// <param name="Unroll">Partial sums per (channel, position): independent FMA chains.</param>
    /// <param name="ChunkChannels">
    /// Input channels gathered at a time (all of them, unless the windows would pass the stack budget): each chunk's dot
    /// products add to the partial sums the earlier chunks stored, and only the last activates.
    /// </param>
    internal sealed record DotProductPlan(int Positions, int Depth, int Channels, int TilePositions, int Unroll, int ChunkChannels)
    {
        /// <summary>Inputs of one chunk's column: its channels × the window's taps.</summary>
        public int ChunkDepth { get; init; }

        /// <summary>Output rows gathered at a time: the whole plane, or bands of rows whose windows fit the stack budget (<see cref="Positions"/> is then a band's).</summary>
        public int Rows { get; init; }

        /// <summary>
        /// Whether a tile runs its channels' dot products one after another, each weight row read in one pass (in
        /// <see cref="Unroll"/> partial sums), rather than all its rows in step. On a single output position every weight is
        /// read once, so the weights' stream is the whole cost: one stream at a time reads L3-resident weights faster than
        /// several (see <see cref="DotProductPlanner.MaxRowByRowWeightBytes"/>).
        /// </summary>
        public bool RowByRow { get; init; }

        /// <summary>
        /// Whether every load of a tile is aligned to the vector: where the window's depth and a chunk's are whole vectors,
        /// every weight row starts as far past a vector boundary as the weights do (their <c>skew</c>, read at run time), and
        /// the column is placed as far past one, so loads from a vector before them never cross a cache line. The first and
        /// last loads of a row are masked to its lanes. Weights in a managed array start 8 to 56 bytes past a line, and a
        /// Vector512 load across two lines costs two: 1000 rows of 1024 floats read at 76 GB/s misaligned, 90 aligned. A
        /// single output position only, where the weights' stream is the cost (MobileNet's classifier 51 → 46 µs, ResNet-50's
        /// 113 → 92 with rows one after another; Inception's auxiliary 5×5, rows in step, 133 → 127); on SSD's 3×3 heads,
        /// whose columns are read by many tiles, it measured within the noise, 20% either way with where the stack and the
        /// weights lay.
        /// </summary>
        public bool Skewed { get; init; }

        /// <summary>Floats of the gathered windows: one column per position, one chunk's channels.</summary>
        public long WindowFloats => (long)Positions * ChunkDepth;

        /// <summary>The position tiles of a plane: (first position, count), the last one shorter where they do not divide.</summary>
        public IReadOnlyList<(int First, int Count)> PositionTiles
        {
            get
            {
                var tiles = new List<(int First, int Count)>();
                for (int first = 0; first < Positions; first += TilePositions)
                {
                    tiles.Add((first, Math.Min(TilePositions, Positions - first)));
                }

                return tiles;
            }
        }
    }
}
