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
