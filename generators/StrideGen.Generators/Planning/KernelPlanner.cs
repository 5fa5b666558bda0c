using System.Collections.Generic;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Chooses a <see cref="KernelPlan"/> for a resolved convolution. The scheme (after MLAS's and oneDNN's direct
    /// convolutions): a register tile of T output channels × V vectors of 8 consecutive output pixels; each tap loads V input
    /// vectors once and broadcasts one weight per output channel, so a tap costs T + V loads for T·V fused multiply-adds.
    /// </summary>
    internal static class KernelPlanner
    {
        /// <summary>Vector registers the tile may use: 16 on AVX2 (accumulators + input vectors + one broadcast), one left spare.</summary>
        public const int VectorRegisters = 15;

        /// <summary>Unrolled fused multiply-adds per tile method: far below the JIT's MinOpts limits (60000 IL bytes, 2000 blocks).</summary>
        public const int UnrolledFmaBudget = 576;

        private const int MaxChannelTile = 8;
        private const int MaxVectorsPerTile = 4;

        public static KernelPlan Plan(ConvShape shape)
        {
            var rows = shape.Rows;
            var columns = shape.Columns;
            int outputHeight = (int)rows.Output;
            int outputWidth = (int)columns.Output;

            var rowBands = Bands(rows, outputHeight);
            var columnBands = Bands(columns, outputWidth);

            int interiorBegin = (int)columns.InteriorBegin;
            int interiorWidth = (int)columns.InteriorEnd - interiorBegin;
            int vectorCount = interiorWidth / KernelPlan.VectorWidth;
            int channelsPerGroup = shape.OutChannelsPerGroup;

            var (tile, vectors) = ChooseTile(channelsPerGroup, vectorCount);

            ColumnTiling? tiling = null;
            if (vectorCount > 0)
            {
                int tileWidth = vectors * KernelPlan.VectorWidth;
                int tileCount = interiorWidth / tileWidth;
                var singles = new List<int>();
                int covered = interiorBegin + tileCount * tileWidth;
                int end = interiorBegin + interiorWidth;
                for (int start = covered; start < end; start += KernelPlan.VectorWidth)
                {
                    // The last vector ends exactly at the interior's end, overlapping its neighbour when the width is not a multiple of 8.
                    singles.Add(System.Math.Min(start, end - KernelPlan.VectorWidth));
                }

                tiling = new ColumnTiling(interiorBegin, tileCount, new EquatableArray<int>(singles));
            }

            long taps = (long)shape.KernelHeight * shape.KernelWidth;
            long perTap = (long)tile * (tiling is null ? 1 : vectors);
            var unroll = taps * perTap <= UnrolledFmaBudget ? WindowUnroll.Full
                : shape.KernelWidth * perTap <= UnrolledFmaBudget ? WindowUnroll.Rows
                : WindowUnroll.None;

            return new KernelPlan(
                shape,
                outputHeight,
                outputWidth,
                tile,
                channelsPerGroup / tile,
                channelsPerGroup % tile,
                vectors,
                rowBands,
                columnBands,
                tiling,
                unroll);
        }

        /// <summary>
        /// The tile (output channels T × vectors V) with the most multiply-adds per load, T·V / (T + V), that fits the registers
        /// (T·V accumulators + V inputs + 1 broadcast); ties go to the tile that leaves no channel remainder, then to taller tiles.
        /// </summary>
        private static (int Channels, int Vectors) ChooseTile(int channels, int vectorCount)
        {
            int maxVectors = System.Math.Max(1, System.Math.Min(MaxVectorsPerTile, vectorCount));
            int maxChannels = System.Math.Min(MaxChannelTile, channels);
            (int, int) best = (1, 1);
            double bestScore = double.MinValue;
            for (int v = 1; v <= maxVectors; v++)
            {
                for (int t = 1; t <= maxChannels; t++)
                {
                    if (t * v + v + 1 > VectorRegisters)
                    {
                        continue;
                    }

                    double score = (double)t * v / (t + v) - (channels % t == 0 ? 0 : 0.05) + t * 1e-3;
                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = (t, v);
                    }
                }
            }

            return best;
        }

        /// <summary>Groups consecutive outputs whose windows read the same taps.</summary>
        private static EquatableArray<Band> Bands(ConvAxis axis, int outputs)
        {
            var bands = new List<Band>();
            int start = 0;
            (int First, int End) current = outputs > 0 ? axis.ValidTaps(0) : (0, 0);
            for (int o = 1; o <= outputs; o++)
            {
                (int First, int End) taps = o < outputs ? axis.ValidTaps(o) : (-1, -1);
                if (taps != current)
                {
                    bands.Add(new Band(start, o, current.First, current.End));
                    start = o;
                    current = taps;
                }
            }

            return new EquatableArray<Band>(bands);
        }
    }
}
