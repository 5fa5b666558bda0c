using System;
using System.Linq;

namespace StrideGen.Generators.Planning
{
    /// <summary>What a multi-threaded kernel deals out to its parts.</summary>
    internal enum WorkUnit
    {
        /// <summary>Whole channel groups (NCHW, when there are at least as many groups as threads).</summary>
        Groups,

        /// <summary>Each group's output-channel tiles, the narrower remainder tile last (NCHW): the split point is per vector target.</summary>
        ChannelTiles,

        /// <summary>Output rows (NHWC, whose vectors run over output channels), or bands of output rows (an NCHW <see cref="BandPlan"/>).</summary>
        Rows,
    }

    /// <summary>
    /// How a layer declared with <c>Threads</c> &gt; 1 splits one call: <see cref="Units"/> units of work in
    /// <see cref="Parts"/> contiguous ranges, part p taking units [⌊p·Units/Parts⌋, ⌊(p+1)·Units/Parts⌋). Parts is at most
    /// the threads asked for and at most Units, so no part is ever empty; with 1 part the caller does everything. A unit
    /// is computed by the same tile and row methods as in the one-thread kernel, so results are identical bit for bit.
    /// </summary>
    internal sealed record WorkSplit(WorkUnit Unit, int Units, int Parts)
    {
        /// <summary>The split of <paramref name="units"/> units over at most <paramref name="threads"/> parts.</summary>
        public static WorkSplit Of(WorkUnit unit, int units, int threads) => new(unit, units, Math.Max(1, Math.Min(threads, units)));

        /// <summary>The first unit of <paramref name="part"/> (and, for part + 1, one past its last).</summary>
        public int First(int part) => (int)((long)part * Units / Parts);

        /// <summary>The largest part's share of the units (1 / Parts when they divide evenly; 2/3 for 3 units over 2 parts).</summary>
        public double LargestShare => Enumerable.Range(0, Parts).Max(p => First(p + 1) - First(p)) / (double)Units;
    }
}
