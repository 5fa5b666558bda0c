using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Chooses a <see cref="PoolPlan"/> for a resolved pooling layer. Pooling has no weights to reuse, so a vector is simply
    /// 8 neighbouring output columns of one row: each tap loads the 8 inputs it needs and folds them in with a max or an add.
    /// How those inputs are loaded is the plan's main choice: one contiguous load at stride 1; at stride 2 two contiguous loads
    /// split into even and odd lanes (shared by neighbouring taps, one shuffle each, the lane order restored once per store);
    /// eight scalar loads otherwise. No load ever leaves the input row it reads, so none leaves the input span.
    /// </summary>
    internal static class PoolPlanner
    {
        /// <summary>Unrolled operations per generated method: far below the JIT's MinOpts limits (60000 IL bytes, 2000 blocks).</summary>
        public const int UnrolledOpBudget = 576;

        /// <summary>Bands per axis the methods call or write out line by line; beyond, bands are walked from a table.</summary>
        public const int MaxWrittenBands = 16;

        public static PoolPlan Plan(PoolShape shape)
        {
            var rows = shape.Rows;
            var columns = shape.Columns;
            int outputHeight = (int)rows.Output;
            int outputWidth = (int)columns.Output;
            var rowBands = Bands(rows, outputHeight, shape.CountIncludePad);
            var columnBands = Bands(columns, outputWidth, shape.CountIncludePad);

            int interiorBegin = (int)columns.InteriorBegin;
            int interiorEnd = (int)columns.InteriorEnd;
            PoolVectorColumns? vectors = interiorEnd - interiorBegin >= PoolPlan.VectorWidth
                ? new PoolVectorColumns(interiorBegin, interiorEnd - PoolPlan.VectorWidth)
                : null;

            var loads = vectors is null ? new List<PoolColumnLoad>() : ColumnLoads(shape, vectors);
            var laneOrder = loads.Exists(l => l.Kind is PoolLoad.PairEven or PoolLoad.PairOdd) ? PoolLaneOrder.Interleaved : PoolLaneOrder.Natural;
            if (laneOrder == PoolLaneOrder.Natural && shape.StrideWidth == 2)
            {
                // No pair fits (a one-column window on a row it spans exactly): every tap is strided, in natural lane order.
                loads = loads.ConvertAll(l => l with { Kind = PoolLoad.Strided, Offset = l.Tap * shape.DilationWidth });
            }

            long vectorRow = vectors is null ? 0 : VectorRowCost(loads);
            long scalarRow = 2L * shape.KernelWidth;
            bool unrollColumns = vectorRow <= UnrolledOpBudget && scalarRow <= UnrolledOpBudget;
            bool unrollInterior = unrollColumns
                && (long)shape.KernelHeight * vectorRow <= UnrolledOpBudget
                && (long)shape.KernelHeight * scalarRow <= UnrolledOpBudget
                && rowBands.Any(b => b.TapFirst == 0 && b.TapEnd == shape.KernelHeight);
            // Global pooling (one window per channel, exactly its plane): the plane is contiguous, so vectors run along it.
            bool wholePlane = outputHeight == 1 && outputWidth == 1
                && shape.KernelHeight == shape.InputHeight && shape.KernelWidth == shape.InputWidth
                && shape.PadTop == 0 && shape.PadBottom == 0 && shape.PadLeft == 0 && shape.PadRight == 0
                && shape.DilationHeight == 1 && shape.DilationWidth == 1
                && (long)shape.InputHeight * shape.InputWidth >= PoolPlan.VectorWidth;
            int clippedRowBands = rowBands.Count(b => !(unrollInterior && b.TapFirst == 0 && b.TapEnd == shape.KernelHeight));
            int borderColumnBands = columnBands.Count(b => !(b.TapFirst == 0 && b.TapEnd == shape.KernelWidth));

            return new PoolPlan(
                shape,
                outputHeight,
                outputWidth,
                rowBands,
                columnBands,
                vectors,
                new EquatableArray<PoolColumnLoad>(unrollColumns ? loads : new List<PoolColumnLoad>()),
                unrollColumns ? laneOrder : PoolLaneOrder.Natural,
                unrollColumns,
                unrollInterior,
                RowBandTable: clippedRowBands > MaxWrittenBands,
                ColumnBandTable: borderColumnBands > MaxWrittenBands,
                WholePlane: wholePlane);
        }

        /// <summary>
        /// How each kernel column reaches a vector. Offsets are relative to the input cell of tap (0, 0) of the vector's first
        /// output column; a load is allowed when it stays inside the input row for the first and for the last vector of a row
        /// (those in between lie between them).
        /// </summary>
        private static List<PoolColumnLoad> ColumnLoads(PoolShape shape, PoolVectorColumns vectors)
        {
            int stride = shape.StrideWidth, dilation = shape.DilationWidth, width = shape.InputWidth;
            long firstColumn = (long)vectors.First * stride - shape.PadLeft; // input column of tap 0, first vector
            long lastColumn = (long)vectors.Last * stride - shape.PadLeft;   // input column of tap 0, last vector
            var loads = new List<PoolColumnLoad>(shape.KernelWidth);
            var pairStarts = new List<int>();
            for (int kw = 0; kw < shape.KernelWidth; kw++)
            {
                int offset = kw * dilation;
                if (stride == 1)
                {
                    loads.Add(new PoolColumnLoad(kw, PoolLoad.Contiguous, offset));
                    continue;
                }

                if (stride != 2)
                {
                    loads.Add(new PoolColumnLoad(kw, PoolLoad.Strided, offset));
                    continue;
                }

                // The 8 inputs sit at offset, offset + 2, …, offset + 14: the even lanes of a pair loaded at offset (reading one
                // float past the last) or the odd lanes of a pair loaded at offset − 1 (reading one float before the first).
                bool evenFits = lastColumn + offset + 2 * PoolPlan.VectorWidth - 1 <= width - 1;
                bool oddFits = firstColumn + offset - 1 >= 0;
                PoolColumnLoad? choice = null;
                if (evenFits && pairStarts.Contains(offset))
                {
                    choice = new PoolColumnLoad(kw, PoolLoad.PairEven, offset);
                }
                else if (oddFits && pairStarts.Contains(offset - 1))
                {
                    choice = new PoolColumnLoad(kw, PoolLoad.PairOdd, offset - 1);
                }
                else if (evenFits)
                {
                    choice = new PoolColumnLoad(kw, PoolLoad.PairEven, offset); // the next tap's odd lanes can share this pair
                }
                else if (oddFits)
                {
                    choice = new PoolColumnLoad(kw, PoolLoad.PairOdd, offset - 1);
                }

                if (choice is null)
                {
                    loads.Add(new PoolColumnLoad(kw, PoolLoad.Strided, offset));
                    continue;
                }

                if (!pairStarts.Contains(choice.Offset))
                {
                    pairStarts.Add(choice.Offset);
                }

                loads.Add(choice);
            }

            return loads;
        }

        /// <summary>Operations one kernel row costs a vector: a load and a fold per tap, two loads per shared pair, eight per strided tap.</summary>
        private static long VectorRowCost(List<PoolColumnLoad> loads)
        {
            long cost = 0;
            var pairs = new HashSet<int>();
            foreach (var load in loads)
            {
                cost += load.Kind switch
                {
                    PoolLoad.Contiguous => 2,
                    PoolLoad.Strided => 10,
                    _ => pairs.Add(load.Offset) ? 4 : 2,
                };
            }

            return cost;
        }

        /// <summary>
        /// Groups consecutive outputs whose windows read the same taps and count the same cells on this axis. The count is the
        /// real taps, or with <paramref name="countIncludePad"/> the taps inside the padded input: the taps of the same window on
        /// an axis whose input is the padded input and which has no padding of its own (so a ceil-mode window hanging past the
        /// trailing padding does not count its overhang).
        /// </summary>
        private static EquatableArray<PoolBand> Bands(ConvAxis axis, int outputs, bool countIncludePad)
        {
            var padded = new ConvAxis(axis.Input + axis.PadBefore + axis.PadAfter, axis.Kernel, axis.Stride, axis.Dilation, 0, 0);
            (int First, int End, int Divisor) Key(int o)
            {
                var (first, end) = axis.ValidTaps(o);
                var (paddedFirst, paddedEnd) = padded.ValidTaps(o);
                return (first, end, countIncludePad ? paddedEnd - paddedFirst : end - first);
            }

            var bands = new List<PoolBand>();
            int start = 0;
            var current = outputs > 0 ? Key(0) : default;
            for (int o = 1; o <= outputs; o++)
            {
                var key = o < outputs ? Key(o) : (-1, -1, -1);
                if (key != current)
                {
                    bands.Add(new PoolBand(start, o, current.First, current.End, current.Divisor));
                    start = o;
                    current = key;
                }
            }

            return new EquatableArray<PoolBand>(bands);
        }
    }
}
