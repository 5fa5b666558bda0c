using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Chooses a <see cref="KernelPlan"/> for a resolved NCHW convolution. The scheme (after MLAS's and oneDNN's direct
    /// convolutions): a register tile of T output channels × V vectors of consecutive output columns; each tap loads V input
    /// vectors once and broadcasts one weight per output channel, so a tap costs T + V loads for T·V fused multiply-adds.
    /// Every output column is covered by vectors (the last one overlapping its neighbour where the width is not a multiple of
    /// the vector width); a vector whose window reaches into padding loads only its real lanes, decided per tap at generation time.
    /// </summary>
    internal static class KernelPlanner
    {
        /// <summary>Unrolled fused multiply-adds per tile method: far below the JIT's MinOpts limits (60000 IL bytes, 2000 blocks).</summary>
        public const int UnrolledFmaBudget = 576;

        /// <summary>Weights of one block of output-channel tiles are kept this small so they stay in L2 while the rows stream past.</summary>
        public const int BlockWeightBytes = 192 * 1024;

        private const int MaxVectorsPerTile = 4;

        /// <param name="shape">The layer.</param>
        /// <param name="compact">
        /// Loop the whole window and leave border columns to scalar code (<see cref="WindowUnroll.None"/>), whatever the kernel:
        /// the smallest code, for a layer whose regular plan would write too large a file (see <c>ConvLayerEmitter</c>).
        /// </param>
        public static KernelPlan Plan(ConvShape shape, bool compact = false)
        {
            int outputHeight = (int)shape.Rows.Output;
            int outputWidth = (int)shape.Columns.Output;
            var rowBands = OutputBands.Of(shape.Rows, outputHeight);
            var columnBands = OutputBands.Of(shape.Columns, outputWidth);

            // The whole window is unrolled when even a large tile (24 accumulators) stays within the code budget; otherwise the
            // kernel rows become a loop (each row's taps unrolled), and for very wide kernels the columns too.
            long taps = (long)shape.KernelHeight * shape.KernelWidth;
            var unroll = compact ? WindowUnroll.None
                : taps * 24 <= UnrolledFmaBudget ? WindowUnroll.Full
                : shape.KernelWidth * 4 <= UnrolledFmaBudget ? WindowUnroll.Rows
                : WindowUnroll.None;

            var plan = new KernelPlan(shape, outputHeight, outputWidth, rowBands, columnBands, unroll, null, null, null,
                Math.Min(4, shape.OutChannelsPerGroup));
            plan = plan with
            {
                Vector512 = PlanVectors(plan, VectorTarget.Vector512),
                Vector256 = PlanVectors(plan, VectorTarget.Vector256),
                Vector128 = PlanVectors(plan, VectorTarget.Vector128),
            };
            return shape.Threads > 1 ? Split(plan, shape.Threads) : plan;
        }

        /// <summary>
        /// Deals each path's work to up to <paramref name="threads"/> parts: whole groups when there are at least as many
        /// groups as threads (or no more tiles per group than groups), otherwise each group's output-channel tiles, which
        /// differ per path. The remainder tile is the last unit, so the last part runs it.
        /// </summary>
        private static KernelPlan Split(KernelPlan plan, int threads)
        {
            var s = plan.Shape;
            WorkSplit For(int channelTile)
            {
                int units = s.OutChannelsPerGroup / channelTile + (s.OutChannelsPerGroup % channelTile == 0 ? 0 : 1);
                return s.Groups >= threads || s.Groups >= units ? WorkSplit.Of(WorkUnit.Groups, s.Groups, threads) : WorkSplit.Of(WorkUnit.ChannelTiles, units, threads);
            }

            return plan with
            {
                Vector512 = plan.Vector512 is { } v512 ? v512 with { Split = For(v512.ChannelTile) } : null,
                Vector256 = plan.Vector256 is { } v256 ? v256 with { Split = For(v256.ChannelTile) } : null,
                Vector128 = plan.Vector128 is { } v128 ? v128 with { Split = For(v128.ChannelTile) } : null,
                ScalarSplit = For(plan.ScalarChannelTile),
            };
        }

        private static VectorPlan? PlanVectors(KernelPlan plan, VectorTarget target)
        {
            var s = plan.Shape;
            var columns = s.Columns;
            int width = target.Width;
            bool bordersInVectors = plan.Unroll != WindowUnroll.None;
            int coverBegin = bordersInVectors ? 0 : (int)columns.InteriorBegin;
            int coverEnd = bordersInVectors ? plan.OutputWidth : (int)columns.InteriorEnd;
            if (coverEnd - coverBegin < width)
            {
                return null;
            }

            // Vector starts covering [coverBegin, coverEnd): every `width` columns, the last one clamped to end at coverEnd.
            var starts = new List<int>();
            for (int column = coverBegin; column < coverEnd; column = starts[starts.Count - 1] + width)
            {
                starts.Add(Math.Min(column, coverEnd - width));
            }

            var (tile, vectors) = ChooseTile(s.OutChannelsPerGroup, starts.Count, target, plan.Unroll, s);
            var covers = new List<RowCover>();
            foreach (int channels in ChannelTiles.Sizes(s.OutChannelsPerGroup, tile))
            {
                covers.Add(Cover(plan, target, channels, vectors, starts, bordersInVectors, coverBegin, coverEnd));
            }

            int tilesPerGroup = s.OutChannelsPerGroup / tile;
            long tileWeightBytes = (long)tile * s.InChannelsPerGroup * s.KernelHeight * s.KernelWidth * sizeof(float);
            int tilesPerBlock = (int)Math.Max(1, Math.Min(Math.Max(1, tilesPerGroup), BlockWeightBytes / Math.Max(1, tileWeightBytes)));
            return new VectorPlan(target, tile, tilesPerGroup, s.OutChannelsPerGroup % tile, vectors, tilesPerBlock, new EquatableArray<RowCover>(covers));
        }

        /// <summary>
        /// The tile (output channels T × vectors V) with the most multiply-adds per load, T·V / (T + V), that fits the target's
        /// registers (T·V accumulators + V inputs + 1 broadcast, one register spare) and the unroll budget; ties go to the tile
        /// that leaves no channel remainder, then to taller tiles.
        /// </summary>
        private static (int Channels, int Vectors) ChooseTile(int channels, int vectorCount, VectorTarget target, WindowUnroll unroll, ConvShape s)
        {
            int maxVectors = Math.Max(1, Math.Min(MaxVectorsPerTile, vectorCount));
            int maxChannels = Math.Min(target.Registers / 2, channels);
            long tapsPerMethod = unroll == WindowUnroll.Full ? (long)s.KernelHeight * s.KernelWidth : unroll == WindowUnroll.Rows ? s.KernelWidth : 1;
            (int, int) best = (1, 1);
            double bestScore = double.MinValue;
            for (int v = 1; v <= maxVectors; v++)
            {
                for (int t = 1; t <= maxChannels; t++)
                {
                    if (t * v + v + 1 > target.Registers - 1 || tapsPerMethod * t * v > UnrolledFmaBudget && t * v > 1)
                    {
                        continue;
                    }

                    double score = (double)t * v / (t + v) - (channels % t == 0 ? 0 : 0.3) + t * 1e-3;
                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = (t, v);
                    }
                }
            }

            return best;
        }

        /// <summary>Groups the row's vector starts into tiles of up to V vectors, finds which tile methods they need, and merges regular runs.</summary>
        private static RowCover Cover(KernelPlan plan, VectorTarget target, int channels, int vectors, List<int> starts, bool bordersInVectors, int coverBegin, int coverEnd)
        {
            var s = plan.Shape;
            var methods = new List<TileMethod>();
            var calls = new List<(int Start, string Interior, string Clipped)>();
            for (int first = 0; first < starts.Count; first += vectors)
            {
                var chunk = starts.GetRange(first, Math.Min(vectors, starts.Count - first));
                var tileVectors = chunk.Select(start => Vector(s, target, start, chunk[0], plan.Unroll == WindowUnroll.None)).ToList();
                // A tile whose every lane reads real input for every kernel column does not depend on where it stands.
                bool interior = tileVectors.All(v => v.LaneMasks.All(m => m == FullMask(target)));
                string baseName = $"{target.Name}Tile{channels}x{chunk.Count}" + (interior ? "" : $"At{chunk[0]}");
                string clipped = Add(methods, baseName + "Clipped", channels, tileVectors, rowsLooped: true, plan.Unroll == WindowUnroll.None);
                // Interior rows of interior tiles run the fully unrolled window; border tiles are rare enough to share the clipped method.
                string full = plan.Unroll == WindowUnroll.Full && interior
                    ? Add(methods, baseName, channels, tileVectors, rowsLooped: false, columnsLooped: false)
                    : clipped;
                calls.Add((chunk[0], full, clipped));
            }

            // Merge consecutive calls of the same methods at a constant step into loops.
            var runs = new List<ColumnRun>();
            for (int i = 0; i < calls.Count;)
            {
                int j = i + 1;
                int step = j < calls.Count ? calls[j].Start - calls[i].Start : 0;
                while (j < calls.Count && calls[j].Interior == calls[i].Interior && calls[j].Clipped == calls[i].Clipped && calls[j].Start - calls[j - 1].Start == step)
                {
                    j++;
                }

                runs.Add(new ColumnRun(calls[i].Start, j - i, j - i > 1 ? step : 0, calls[i].Interior, calls[i].Clipped));
                i = j;
            }

            var scalar = bordersInVectors ? new List<Band>() : plan.ColumnBands.Where(b => b.End <= coverBegin || b.Start >= coverEnd).ToList();
            return new RowCover(channels, new EquatableArray<ColumnRun>(runs), new EquatableArray<Band>(scalar), new EquatableArray<TileMethod>(methods));
        }

        /// <summary>Adds a tile method unless an identical one exists; returns the name to call.</summary>
        private static string Add(List<TileMethod> methods, string name, int channels, List<TileVector> vectors, bool rowsLooped, bool columnsLooped)
        {
            var candidate = new TileMethod(name, channels, new EquatableArray<TileVector>(vectors), rowsLooped, columnsLooped);
            foreach (var existing in methods)
            {
                if (existing with { Name = name } == candidate)
                {
                    return existing.Name;
                }
            }

            int suffix = 2;
            string unique = name;
            while (methods.Exists(m => m.Name == unique))
            {
                unique = name + "V" + suffix++;
            }

            methods.Add(candidate with { Name = unique });
            return unique;
        }

        /// <summary>How each kernel column's tap loads the vector of output columns [start, start + width).</summary>
        private static TileVector Vector(ConvShape s, VectorTarget target, int start, int chunkStart, bool columnsLooped)
        {
            var loads = new List<LoadKind>();
            var masks = new List<int>();
            var shifts = new List<int>();
            int kernelColumns = columnsLooped ? 1 : s.KernelWidth;
            for (int kw = 0; kw < kernelColumns; kw++)
            {
                int mask = 0;
                for (int lane = 0; lane < target.Width; lane++)
                {
                    long column = (long)(start + lane) * s.StrideWidth - s.PadLeft + (long)kw * s.DilationWidth;
                    if (columnsLooped || column >= 0 && column < s.InputWidth)
                    {
                        mask |= 1 << lane;
                    }
                }

                long firstColumn = (long)start * s.StrideWidth - s.PadLeft + (long)kw * s.DilationWidth;
                long lastColumn = (long)(start + target.Width - 1) * s.StrideWidth - s.PadLeft + (long)kw * s.DilationWidth;
                var kind = mask == 0 ? LoadKind.Skip
                    : mask != FullMask(target) ? (s.StrideWidth == 1 && s.InputWidth >= target.Width ? LoadKind.Shifted : LoadKind.Lanes)
                    : s.StrideWidth == 1 ? LoadKind.Contiguous
                    : s.StrideWidth == 2 && !columnsLooped && lastColumn + 1 < s.InputWidth ? LoadKind.Stride2Permute
                    : LoadKind.Lanes;

                // A shifted load starts inside the row, at the nearest column from which a whole vector fits.
                long loadStart = Math.Max(0, Math.Min(firstColumn, s.InputWidth - target.Width));
                loads.Add(kind);
                masks.Add(mask);
                shifts.Add(kind == LoadKind.Shifted ? (int)(loadStart - firstColumn) : 0);
            }

            return new TileVector(start - chunkStart, new EquatableArray<LoadKind>(loads), new EquatableArray<int>(masks), new EquatableArray<int>(shifts));
        }

        private static int FullMask(VectorTarget target) => (int)((1L << target.Width) - 1);
    }
}
