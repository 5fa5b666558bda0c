using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// How NCHW kernels cover an output row with vectors: the plan read as data over a grid of widths, strides, kernels and
    /// paddings (every column covered, nothing outside the row, every load inside the input row, register tiles that fit),
    /// and hand-picked layers run against the float64 reference where rows end in a narrower vector, a stride-2 vector
    /// meets padding or the row's end, depthwise rows go several at a time, or narrow maps are covered plane by plane.
    /// </summary>
    public sealed class NchwRowCoverTests
    {
        private const int Seed = 20261126;

        /// <summary>
        /// In place on Vector256, a tile whose step is the FMA latency's worth of multiply-adds (3 × 3 or 4 × 2: 8 or 9 FMAs
        /// at two a cycle) stalls on every late load, so wider tiles win where the channels allow them: ResNet-50's
        /// 256 → 128 1×1 layer on 56×56 (7 vectors a row) ran 1.33–1.38× faster in 6 × 2 tiles than in 3 × 3. A tile that
        /// would leave a remainder of one channel a step is not taken for it: ResNeXt's 4 channels a group keep 4 × 2.
        /// </summary>
        [Theory]
        [InlineData(128, 7, 1, 10)]   // ResNet-50's 256 → 128 1×1 on 56×56
        [InlineData(255, 10, 1, 10)]  // YOLOv5's 80×80 head
        [InlineData(32, 19, 9, 10)]   // Inception-v3's 32 → 32 3×3 on 147-wide rows
        [InlineData(4, 7, 9, 8)]      // ResNeXt-50's grouped 3×3, 4 channels a group
        public void Vector256_row_tiles_leave_the_FMA_latency_slack(int channels, int vectors, int taps, int accumulators)
        {
            var (t, v) = KernelPlanner.ChooseTile(channels, vectors, VectorTarget.Vector256, taps, stride2: false);
            Assert.True(t * v >= accumulators, $"{t} × {v} tiles for {channels} channels");
            Assert.True(channels % t != 1, $"{t}-channel tiles leave one channel of {channels} to a tile of its own");
        }

        /// <summary>
        /// Rows whose width is not a multiple of 16 (a Vector256 last vector on the Vector512 path when 8 columns or fewer
        /// remain), stride 2 with padding on either side and with the last lane on the row's last column, dilation, bias and
        /// activations, channel remainders, groups, and the real layers these shapes come from (ResNet, the ImageNet stem).
        /// </summary>
        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            new(3, 5, 6, 17, 1, 1, HasBias: true),
            new(2, 9, 5, 20, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(4, 6, 28, 28, 5, 5),
            new(2, 13, 7, 40, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu),
            new(8, 20, 10, 56, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true),
            new(3, 7, 6, 57, 3, 3, PadTop: 0, PadBottom: 2, PadLeft: 2, PadRight: 0, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.2f),
            new(5, 11, 9, 56, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(4, 14, 9, 64, 3, 3, StrideHeight: 2, StrideWidth: 2),
            new(3, 9, 8, 65, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 0, PadBottom: 0, PadLeft: 0, PadRight: 3, HasBias: true),
            new(3, 8, 13, 70, 7, 7, StrideHeight: 2, StrideWidth: 2, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Activation: Activation.Relu6),
            new(2, 6, 9, 48, 5, 5, StrideHeight: 2, StrideWidth: 2, DilationHeight: 2, DilationWidth: 2, PaddingMode: PaddingMode.Same),
            new(6, 12, 8, 33, 1, 1, StrideHeight: 2, StrideWidth: 2, HasBias: true),
            new(8, 8, 9, 40, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 8),
            new(12, 18, 6, 36, 3, 3, StrideHeight: 1, StrideWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 2, PadRight: 0, Groups: 3),
            new(3, 64, 40, 224, 7, 7, StrideHeight: 2, StrideWidth: 2, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3),
            new(16, 32, 8, 56, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),

            // Depthwise layers whose interior rows go several at a time (a row block), with the rows left over, narrow and
            // overlapping last vectors, bias and activations, a window of one row (no block), stride-2 rows (a block whose
            // rows share input rows), and a window no taller than the stride (no block).
            new(8, 8, 15, 56, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 8, HasBias: true, Activation: Activation.Relu6),
            new(5, 5, 7, 17, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 5),
            new(4, 4, 12, 40, 3, 3, Groups: 4, HasBias: true),
            new(3, 3, 10, 33, 2, 2, PaddingMode: PaddingMode.Same, Groups: 3, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
            new(6, 6, 9, 24, 3, 1, PadTop: 1, PadBottom: 1, Groups: 6),
            new(4, 4, 11, 36, 3, 3, DilationWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 2, PadRight: 2, Groups: 4),
            new(3, 3, 3, 20, 3, 3, PadTop: 0, PadBottom: 0, PadLeft: 1, PadRight: 1, Groups: 3),
            new(4, 4, 8, 30, 1, 3, PadLeft: 1, PadRight: 1, Groups: 4),
            new(4, 4, 13, 32, 3, 3, StrideHeight: 2, StrideWidth: 1, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 4),
            new(6, 6, 23, 56, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 6, HasBias: true, Activation: Activation.Relu6),
            new(3, 3, 20, 40, 3, 3, StrideHeight: 2, StrideWidth: 2, PaddingMode: PaddingMode.Same, Groups: 3),
            new(4, 4, 16, 35, 2, 3, StrideHeight: 2, StrideWidth: 1, PadTop: 0, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 4),

            // Depthwise windows too large to unroll in a single-row tile (5×5, 7×7): blocks run down the whole plane, the
            // first and last skipping input rows in padding, a last block overlapping its neighbour where the rows do not
            // divide the plane; stride 2 (EfficientNet's 14×14 → 7×7), asymmetric Same padding, a map so short that one block
            // skips rows at both ends, bias and activations, and 7×7 maps of 5×5 windows, covered as flat planes.
            new(4, 4, 14, 14, 5, 5, PaddingMode: PaddingMode.Same, Groups: 4, HasBias: true, Activation: Activation.Relu6),
            new(3, 3, 14, 14, 5, 5, StrideHeight: 2, StrideWidth: 2, PaddingMode: PaddingMode.Same, Groups: 3),
            new(5, 5, 19, 30, 5, 5, StrideHeight: 2, StrideWidth: 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Groups: 5, HasBias: true),
            new(3, 3, 17, 24, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 3, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
            new(4, 4, 3, 20, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Groups: 4),
            new(2, 2, 10, 16, 5, 5, PadTop: 1, PadBottom: 3, PadLeft: 0, PadRight: 4, Groups: 2),
            new(6, 6, 7, 7, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Groups: 6, HasBias: true),
            new(4, 4, 6, 5, 5, 5, PaddingMode: PaddingMode.SameLower, Groups: 4),

            // Blocks whose tiles loop over the input rows that serve all their output rows (5×5 and 7×7, weights broadcast),
            // with the loop cut short at either end where a block's input rows reach into padding: ConvNeXt's 56-wide 7×7
            // rows (two rows × four vectors), 112-wide and 40-wide rows, a map of four rows (every block skips rows at both
            // ends), padding only below, a 28-wide 5×5 layer, and 7×7 at stride 2 in place.
            new(3, 3, 9, 56, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 3, HasBias: true),
            new(2, 2, 5, 112, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 2, Activation: Activation.Relu),
            new(2, 2, 4, 40, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 2),
            new(2, 2, 6, 50, 7, 7, PadTop: 1, PadBottom: 5, PadLeft: 3, PadRight: 3, Groups: 2, HasBias: true),
            new(3, 3, 11, 28, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Groups: 3, Activation: Activation.Relu6),
            new(2, 2, 20, 56, 7, 7, StrideHeight: 2, StrideWidth: 2, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 2),

            // Depthwise windows past 7×7, whose blocks are planned only where they loop over the input rows that serve all
            // their output rows: ConvMixer's 9×9, RepLKNet's 31×31 on 28×28 and 14×14 maps (most of a block's input rows on
            // padding) and its 13×13 on 7×7, SLaK's 51×5 (padded 25 above and below), a 9×9 at stride 2 with an odd map, and
            // one on 14×14 whose 7-wide output rows each overhang one 8-lane vector (the plane split by column parity).
            new(3, 3, 32, 32, 9, 9, PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 4, Groups: 3, HasBias: true),
            new(2, 2, 28, 28, 31, 31, PadTop: 15, PadBottom: 15, PadLeft: 15, PadRight: 15, Groups: 2, HasBias: true),
            new(2, 2, 14, 14, 31, 31, PadTop: 15, PadBottom: 15, PadLeft: 15, PadRight: 15, Groups: 2, Activation: Activation.Relu),
            new(3, 3, 7, 7, 13, 13, PadTop: 6, PadBottom: 6, PadLeft: 6, PadRight: 6, Groups: 3),
            new(2, 2, 56, 56, 51, 5, PadTop: 25, PadBottom: 25, PadLeft: 2, PadRight: 2, Groups: 2, HasBias: true),
            new(2, 2, 33, 41, 9, 9, StrideHeight: 2, StrideWidth: 2, PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 4, Groups: 2),
            new(3, 3, 14, 14, 9, 9, StrideHeight: 2, StrideWidth: 2, PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 4, Groups: 3, HasBias: true),

            // Depthwise stride-2 rows of 5 to 7 outputs, one 8-lane vector a row overhanging its end, the plane split by
            // column parity once per channel: MobileNet's 14×14 → 7×7 3×3 layer with bias and ReLU6, 6- and 5-wide rows,
            // a 7×7 window, stride 1 down the columns, and an odd plane height.
            new(5, 5, 14, 14, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 5, HasBias: true, Activation: Activation.Relu6),
            new(4, 4, 9, 11, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 4),
            new(3, 3, 12, 9, 5, 5, StrideHeight: 2, StrideWidth: 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Groups: 3, HasBias: true),
            new(2, 2, 13, 13, 7, 7, StrideHeight: 2, StrideWidth: 2, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 2, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
            new(4, 4, 10, 14, 3, 3, StrideHeight: 1, StrideWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 4),

            // Maps narrower than 8 columns with "same" output size, whose planes the Vector256 path covers as one run of
            // positions: ResNet's last stage, odd sizes, non-square, a one-position window, asymmetric Same padding, groups,
            // depthwise, a 3×3 map, and shapes that stay row by row (a stride, too few positions, too many).
            new(24, 20, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true, Activation: Activation.Relu),
            new(5, 9, 5, 5, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(3, 7, 9, 6, 2, 2, PaddingMode: PaddingMode.Same, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.3f),
            new(4, 6, 4, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(8, 12, 7, 7, 1, 1, HasBias: true),
            new(6, 12, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 3),
            new(8, 8, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 8, HasBias: true, Activation: Activation.Relu6),
            new(3, 5, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(2, 4, 7, 7, 5, 5, PaddingMode: PaddingMode.SameLower),
            new(3, 4, 7, 7, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(3, 4, 2, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(2, 3, 90, 6, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
        };

        [Fact]
        public void Edge_row_covers_match_the_float64_reference()
        {
            var cases = EdgeCases();
            Assert.All(cases, c => Assert.True(c.IsValid, c.ToString()));
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed)));
        }

        [Fact]
        public void Vectors_cover_each_row_exactly_once_or_with_one_overlap_and_load_only_inside_the_row()
        {
            var problems = new List<string>();
            int narrowTails = 0, stride2Clipped = 0, blocks = 0, flatPlanes = 0, overhangs = 0, phaseSplits = 0, loopedTiles = 0;
            foreach (var c in GridCases().Concat(EdgeCases()))
            {
                var shape = ConvCaseDeclarations.ShapeOf(c);
                var plan = KernelPlanner.Plan(shape);
                foreach (var path in plan.VectorPlans)
                {
                    if (path.Flat)
                    {
                        flatPlanes++;
                        CheckFlatPlan(c, shape, plan, path, problems);
                        continue;
                    }

                    foreach (var cover in path.Covers)
                    {
                        var lanes = new int[plan.OutputWidth];
                        int vectorLanes = 0;
                        // A cover without single-row runs leaves every row to its blocks, checked below.
                        if (cover.Runs.Count == 0 && (cover.Block is null || !BlocksCoverThePlane(cover.Block, plan.OutputHeight)))
                        {
                            problems.Add($"{c}: {path.Target.Name} has neither row runs nor blocks over the whole plane");
                        }

                        foreach (var (start, vector, method) in Vectors(cover, cover.Runs))
                        {
                            if (vector.Width != path.Target.Width && !(path.Target.Width == 16 && vector.Width == 8) && !Overhangs(vector))
                            {
                                problems.Add($"{c}: {path.Target.Name} uses a vector of {vector.Width}");
                            }

                            narrowTails += vector.Width < path.Target.Width ? 1 : 0;
                            vectorLanes += vector.Stored;
                            CheckStored(c, vector, start, plan.OutputWidth, method.Name, problems);
                            for (int lane = 0; lane < vector.Stored; lane++)
                            {
                                int column = start + vector.Offset + lane;
                                if (column < 0 || column >= plan.OutputWidth)
                                {
                                    problems.Add($"{c}: {method.Name} writes column {column} of {plan.OutputWidth}");
                                }
                                else
                                {
                                    lanes[column]++;
                                }
                            }

                            if (!method.ColumnsLooped)
                            {
                                stride2Clipped += vector.Loads.Count(l => l == LoadKind.Stride2Shifted);
                                CheckLoads(c, shape, start + vector.Offset, vector, method.Name, problems);
                            }
                        }

                        var scalar = new HashSet<int>(cover.ScalarColumns.SelectMany(b => Enumerable.Range(b.Start, b.Length)));
                        for (int column = 0; column < plan.OutputWidth && cover.Runs.Count > 0; column++)
                        {
                            if (lanes[column] == 0 && !scalar.Contains(column))
                            {
                                problems.Add($"{c}: {path.Target.Name} never computes column {column}");
                            }
                        }

                        // At most one vector's worth of lanes computed twice: the overlapping last vector.
                        int covered = cover.Runs.Count == 0 ? 0 : plan.OutputWidth - scalar.Count;
                        if (vectorLanes - covered >= path.Target.Width)
                        {
                            problems.Add($"{c}: {path.Target.Name} computes {vectorLanes} lanes for {covered} columns");
                        }

                        if (cover.Block is { } block)
                        {
                            // The block's multi-row tiles cover each row exactly like the single-row ones.
                            var blockLanes = new int[plan.OutputWidth];
                            foreach (var (start, vector, method) in Vectors(cover, block.Runs))
                            {
                                blocks++;
                                if (method.Rows != block.Rows || method.RowsLooped || method.ColumnsLooped)
                                {
                                    problems.Add($"{c}: {method.Name} is not a {block.Rows}-row unrolled tile");
                                }

                                CheckStored(c, vector, start, plan.OutputWidth, method.Name, problems);
                                overhangs += Overhangs(vector) ? 1 : 0;
                                if (method.PhaseWidth != (block.Phases?.Width ?? 0))
                                {
                                    problems.Add($"{c}: {method.Name} reads a phase split of {method.PhaseWidth} floats, its block's is {block.Phases?.Width ?? 0}");
                                }

                                for (int lane = 0; lane < vector.Stored; lane++)
                                {
                                    int column = start + vector.Offset + lane;
                                    if (column >= 0 && column < plan.OutputWidth)
                                    {
                                        blockLanes[column]++;
                                    }
                                    else
                                    {
                                        problems.Add($"{c}: {method.Name} writes column {column} of {plan.OutputWidth}");
                                    }
                                }

                                CheckLoads(c, shape, start + vector.Offset, vector, method.Name, problems);
                            }

                            if (blockLanes.Any(count => count == 0))
                            {
                                problems.Add($"{c}: {path.Target.Name} row block leaves a column out");
                            }

                            CheckBlockRows(c, block, cover.Methods.Where(m => m.Rows > 1).ToList(), plan.OutputHeight, problems);
                            loopedTiles += cover.Methods.Count(m => m.LoopsInputRows);
                            if (block.Phases is { } phases)
                            {
                                phaseSplits++;
                                CheckPhaseSplit(c, shape, block, phases, cover.Methods.Where(m => m.Rows > 1).ToList(), problems);
                            }
                        }

                        foreach (var method in cover.Methods)
                        {
                            // A multi-row tile: its accumulators (two per vector and row with partial sums), a register per vector
                            // loaded, the weights, and for stride 2 in place the permute's second vector.
                            int registers = method.Rows > 1
                                ? method.Rows * method.Vectors.Count * method.Partials + method.Vectors.Count + (method.WeightsInRegisters ? shape.KernelHeight * shape.KernelWidth : 1)
                                    + (shape.StrideWidth == 2 && method.PhaseWidth == 0 ? method.Vectors.Count : 0)
                                : method.Channels * method.Vectors.Count + method.Vectors.Count + 1 + (shape.StrideWidth == 2 ? method.Vectors.Count : 0);
                            if (registers > path.Target.Registers - 1)
                            {
                                problems.Add($"{c}: {method.Name} needs {registers} vector registers");
                            }
                        }
                    }
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(12)));
            // Not vacuous: the grid reaches Vector256 last vectors and stride-2 vectors clipped by padding or the row's end.
            Assert.True(narrowTails > 0);
            Assert.True(stride2Clipped > 0);
            Assert.True(blocks > 0);
            Assert.True(flatPlanes > 0);
            Assert.True(overhangs > 0);
            Assert.True(phaseSplits > 0);
            Assert.True(loopedTiles > 0);
        }

        /// <summary>Whether a vector stores fewer lanes than it has: it must then be the last of its row, ending at the row's end.</summary>
        private static bool Overhangs(TileVector vector) => vector.Stored < vector.Width;

        /// <summary>A vector stores all its lanes, or only those up to the row's end (lanes past it never marked as reading input).</summary>
        private static void CheckStored(ConvCase c, TileVector vector, int start, int outputWidth, string method, List<string> problems)
        {
            int end = start + vector.Offset + vector.Stored;
            if (vector.Stored < vector.Width && end != outputWidth || vector.Stored > vector.Width || vector.Stored <= 0)
            {
                problems.Add($"{c}: {method} stores {vector.Stored} of {vector.Width} lanes, ending at column {end} of {outputWidth}");
            }

            if (vector.LaneMasks.Any(mask => mask >> vector.Stored != 0))
            {
                problems.Add($"{c}: {method} marks lanes past the row's end as reading input");
            }
        }

        private static bool BlocksCoverThePlane(RowBlock block, int outputHeight)
        {
            var rows = new HashSet<int>(block.Spans.SelectMany(span => Enumerable.Range(span.Start, span.Count * block.Rows)));
            return Enumerable.Range(0, outputHeight).All(rows.Contains);
        }

        /// <summary>
        /// A phase split: phase b's float x holds input column 2x + b − left, its stores marking exactly the lanes on real
        /// columns and loading inside the row, wide enough for every float a tile reads (ow + kw div 2 for every output
        /// column), and read only by blocks over the whole plane (rows left to single-row tiles would load in place).
        /// </summary>
        private static void CheckPhaseSplit(ConvCase c, ConvShape shape, RowBlock block, PhaseSplit phases, List<TileMethod> tiles, List<string> problems)
        {
            var (_, _, left, _) = c.Pads;
            var covered = new bool[phases.Width];
            foreach (var store in phases.Stores)
            {
                for (int b = 0; b < 2; b++)
                {
                    for (int lane = 0; lane < store.Width; lane++)
                    {
                        int x = store.Offset + lane, column = 2 * x + b - left;
                        bool real = column >= 0 && column < shape.InputWidth;
                        if (real != ((store.LaneMasks[b] & (1 << lane)) != 0))
                        {
                            problems.Add($"{c}: phase {b} store at {store.Offset} marks lane {lane} wrongly");
                        }

                        if (x < phases.Width)
                        {
                            covered[x] = true;
                        }
                    }

                    long first = 2L * store.Offset + b - left, from = first + store.Shifts[b];
                    long to = store.Loads[b] switch
                    {
                        LoadKind.Skip => from,
                        LoadKind.Stride2Pair => from + shape.InputWidth,
                        LoadKind.Stride2Permute or LoadKind.Stride2Shifted => from + 2 * store.Width,
                        _ => long.MaxValue,
                    };
                    if (store.Loads[b] != LoadKind.Skip && (from < 0 || to > shape.InputWidth))
                    {
                        problems.Add($"{c}: phase {b} store at {store.Offset} ({store.Loads[b]}) reads input columns [{from}, {to}) of {shape.InputWidth}");
                    }
                }
            }

            int reach = tiles.SelectMany(t => t.Vectors).Max(v => v.Offset + v.Width) + (shape.KernelWidth - 1) / 2;
            if (covered.Any(x => !x) || reach > phases.Width)
            {
                problems.Add($"{c}: the phase split of {phases.Width} floats leaves floats unwritten or is narrower than the {reach} its tiles read");
            }

            if (!BlocksCoverThePlane(block, (int)shape.Rows.Output))
            {
                problems.Add($"{c}: a phase split's blocks leave rows to single-row tiles");
            }
        }

        /// <summary>
        /// ConvNeXt's 7×7 depthwise layer on 56-wide rows (Vector512: 16, 16, 16, 8 columns): within the unrolled-FMA budget
        /// a block tile takes 4 rows × 2 vectors or 2 rows × 4. Two rows of four, one tile a row, each broadcast weight feeding
        /// four vectors, model fewer cycles a row and ran 288 against 342 µs; their tiles loop over input rows 1..6, which serve
        /// both rows, so the kernel class keeps its blocks on every path. A 3×3 window (its weights in registers) keeps the
        /// tallest block.
        /// </summary>
        [Fact]
        public void Wide_7x7_depthwise_rows_take_two_row_blocks_of_four_vectors_that_loop_over_shared_input_rows()
        {
            var convNext = ConvCaseDeclarations.ShapeOf(new ConvCase(96, 96, 56, 56, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 96));
            var cover = KernelPlanner.Plan(convNext).Vector512!.Covers.Single();
            Assert.Equal(2, cover.Block!.Rows);
            var tiles = cover.Methods.Where(m => m.Rows == 2).ToList();
            Assert.NotEmpty(tiles);
            Assert.All(tiles, t => Assert.Equal(4, t.Vectors.Count));
            Assert.All(tiles, t => Assert.Equal((1, 7), (t.LoopFirst, t.LoopEnd)));
            Assert.Equal(RowBlockReach.AllPaths, StrideGen.Generators.Emitting.ConvLayerEmitter.Plans("K", convNext).Plan!.RowBlocks);

            var mobileNet = ConvCaseDeclarations.ShapeOf(new ConvCase(32, 32, 56, 56, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 32));
            var narrow = KernelPlanner.Plan(mobileNet).Vector512!.Covers.Single();
            Assert.Equal(4, narrow.Block!.Rows);
            Assert.All(narrow.Methods.Where(m => m.Rows > 1), t => Assert.False(t.LoopsInputRows));
        }

        /// <summary>
        /// Depthwise windows past 7×7 take row blocks too, where the tiles loop over the input rows that serve all their
        /// output rows, so only the rows before and after that loop and one loop body are written out. With every input row
        /// loaded once for up to four output rows (Stopwatch, one thread, against ONNX Runtime in the same process):
        /// ConvMixer's 9×9 on 1536×32×32 ran 4.74 → 2.59 ms, RepLKNet's 31×31 on 256×28×28 5.88 → 3.95 ms and on 512×14×14
        /// 2.50 → 1.24 ms, its 13×13 on 1024×7×7 199 → 133 µs, SLaK's 51×5 on 96×56×56 2.00 → 1.03 ms (0.71× ONNX Runtime's
        /// speed → 1.28×).
        /// </summary>
        [Theory]
        [InlineData(9, 9, 32, 4)]
        [InlineData(31, 31, 28, 15)]
        [InlineData(51, 5, 56, 25)]
        public void Depthwise_windows_past_7x7_take_row_blocks_that_loop_over_shared_input_rows(int kernelHeight, int kernelWidth, int size, int padTop)
        {
            var shape = ConvCaseDeclarations.ShapeOf(new ConvCase(16, 16, size, size, kernelHeight, kernelWidth,
                PadTop: padTop, PadBottom: padTop, PadLeft: kernelWidth / 2, PadRight: kernelWidth / 2, Groups: 16));
            var plan = StrideGen.Generators.Emitting.ConvLayerEmitter.Plans("K", shape).Plan!;
            var cover = plan.Vector512!.Covers.Single();
            Assert.True(cover.Block is { Rows: >= 2 }, "the Vector512 path takes row blocks");
            var tiles = cover.Methods.Where(m => m.Rows > 1).ToList();
            Assert.NotEmpty(tiles);
            Assert.All(tiles, t => Assert.Equal(((t.Rows - 1) * shape.StrideHeight, kernelHeight), (t.LoopFirst, t.LoopEnd)));
            // Written out: the rows before and after the loop and one loop body, each for every row it serves.
            Assert.All(tiles, t => Assert.True((long)t.Rows * kernelWidth * (kernelHeight - (t.LoopEnd - t.LoopFirst) + 1) * t.Vectors.Count <= KernelPlanner.UnrolledFmaBudget));
        }

        [Fact]
        public void Stride_one_and_two_rows_wide_enough_load_whole_vectors_never_lane_by_lane()
        {
            var problems = new List<string>();
            foreach (var c in GridCases().Where(c => c.StrideWidth <= 2))
            {
                var shape = ConvCaseDeclarations.ShapeOf(c);
                var plan = KernelPlanner.Plan(shape);
                foreach (var path in plan.VectorPlans.Where(p => shape.InputWidth >= 2 * p.Target.Width))
                {
                    foreach (var method in path.Covers.SelectMany(cover => cover.Methods).Where(m => !m.ColumnsLooped))
                    {
                        if (method.Vectors.Any(v => v.Loads.Contains(LoadKind.Lanes)))
                        {
                            problems.Add($"{c}: {path.Target.Name} {method.Name} loads lane by lane");
                        }
                    }
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(12)));
        }

        /// <summary>
        /// Widths 16…80 around multiples of 8 and 16, strides 1 and 2 (and one of 3), kernels 1, 3, 5 and 7, paddings 0…3 on
        /// either side; each as a dense layer and as a depthwise one.
        /// </summary>
        private static IEnumerable<ConvCase> GridCases()
        {
            foreach (int width in new[] { 16, 17, 20, 23, 24, 25, 31, 32, 33, 40, 47, 48, 55, 56, 57, 63, 64, 65, 72, 80 })
            {
                foreach (int stride in new[] { 1, 2, 3 })
                {
                    foreach (int kernel in new[] { 1, 3, 5, 7 })
                    {
                        foreach (var (left, right) in new[] { (0, 0), (1, 1), (3, 3), (0, 2), (2, 0) })
                        {
                            var c = new ConvCase(2, 11, 8, width, kernel, kernel, StrideHeight: 1, StrideWidth: stride,
                                PadTop: 1, PadBottom: 1, PadLeft: left, PadRight: right);
                            foreach (var layer in new[] { c, c with { InChannels = 4, OutChannels = 4, Groups = 4 } })
                            {
                                if (layer.IsValid)
                                {
                                    yield return layer;
                                }
                            }
                        }
                    }
                }
            }
        }

        /// <summary>
        /// A plan covering each output plane as one run: every position computed, nothing outside the plane, each tap's lanes
        /// marked real exactly where the input lies inside the image, loads inside the plane, tiles within the registers.
        /// </summary>
        private static void CheckFlatPlan(ConvCase c, ConvShape shape, KernelPlan plan, VectorPlan path, List<string> problems)
        {
            int positions = plan.OutputWidth * plan.OutputHeight;
            foreach (var cover in path.Covers)
            {
                var lanes = new int[positions];
                foreach (var (start, vector, method) in Vectors(cover, cover.Runs))
                {
                    if (!method.Flat || method.RowsLooped || method.ColumnsLooped)
                    {
                        problems.Add($"{c}: {method.Name} is not a flat unrolled tile");
                    }

                    for (int lane = 0; lane < vector.Width; lane++)
                    {
                        int p = start + vector.Offset + lane;
                        if (p < 0 || p >= positions)
                        {
                            problems.Add($"{c}: {method.Name} writes position {p} of {positions}");
                            continue;
                        }

                        lanes[p]++;
                        for (int kh = 0; kh < shape.KernelHeight; kh++)
                        {
                            for (int kw = 0; kw < shape.KernelWidth; kw++)
                            {
                                int tap = kh * shape.KernelWidth + kw;
                                int row = p / plan.OutputWidth - shape.PadTop + kh, column = p % plan.OutputWidth - shape.PadLeft + kw;
                                bool real = row >= 0 && row < shape.InputHeight && column >= 0 && column < shape.InputWidth;
                                if (real != ((vector.LaneMasks[tap] & (1 << lane)) != 0))
                                {
                                    problems.Add($"{c}: {method.Name} tap ({kh}, {kw}) marks lane {lane} wrongly");
                                }
                            }
                        }
                    }

                    for (int tap = 0; tap < vector.Loads.Count; tap++)
                    {
                        long first = start + vector.Offset + (long)(tap / shape.KernelWidth - shape.PadTop) * shape.InputWidth + tap % shape.KernelWidth - shape.PadLeft;
                        long from = vector.Loads[tap] == LoadKind.Shifted ? first + vector.Shifts[tap] : first;
                        if (vector.Loads[tap] != LoadKind.Skip && (from < 0 || from + vector.Width > positions))
                        {
                            problems.Add($"{c}: {method.Name} tap {tap} ({vector.Loads[tap]}) reads positions [{from}, {from + vector.Width}) of {positions}");
                        }

                        if (vector.Loads[tap] is not (LoadKind.Skip or LoadKind.Contiguous or LoadKind.Shifted))
                        {
                            problems.Add($"{c}: {method.Name} tap {tap} loads {vector.Loads[tap]}");
                        }
                    }
                }

                if (lanes.Any(count => count == 0))
                {
                    problems.Add($"{c}: {path.Target.Name} leaves a position of the plane out");
                }

                foreach (var method in cover.Methods)
                {
                    if (method.Channels * method.Vectors.Count + method.Vectors.Count + 1 > path.Target.Registers - 1)
                    {
                        problems.Add($"{c}: {method.Name} needs too many registers");
                    }
                }
            }
        }

        /// <summary>Every vector of a row cover with the column its tile starts at, run by run.</summary>
        private static IEnumerable<(int Start, TileVector Vector, TileMethod Method)> Vectors(RowCover cover, IEnumerable<ColumnRun> runs)
        {
            foreach (var run in runs)
            {
                var method = cover.Methods.Single(m => m.Name == run.InteriorMethod);
                for (int call = 0; call < run.Count; call++)
                {
                    foreach (var vector in method.Vectors)
                    {
                        yield return (run.Start + call * run.Step, vector, method);
                    }
                }
            }
        }

        /// <summary>For each kernel column: the lanes marked real are exactly those on input, and every load stays inside the row.</summary>
        /// <summary>
        /// A row block's spans: blocks in order, each row of the plane in one block or none (the last block may start inside
        /// its neighbour), rows in no block left to the row methods; each block's skipped input rows exactly those outside
        /// the input, and no more of them than its tiles test.
        /// </summary>
        private static void CheckBlockRows(ConvCase c, RowBlock block, List<TileMethod> tiles, int outputHeight, List<string> problems)
        {
            int rows = block.Rows, stride = c.StrideHeight, inputRows = (rows - 1) * stride + c.KernelHeight;
            var (top, _, _, _) = c.Pads;
            int previousEnd = 0;
            foreach (var span in block.Spans)
            {
                for (int b = 0; b < span.Count; b++)
                {
                    int oh = span.Start + b * rows;
                    bool overlapsLast = oh < previousEnd && oh + rows == outputHeight;
                    if (oh + rows > outputHeight || (oh < previousEnd && !overlapsLast))
                    {
                        problems.Add($"{c}: block at row {oh} of {rows} rows (previous ended at {previousEnd}, plane {outputHeight})");
                    }

                    int outsideTop = Enumerable.Range(0, inputRows).TakeWhile(j => oh * stride - top + j < 0).Count();
                    int outsideBottom = Enumerable.Range(0, inputRows).Reverse().TakeWhile(j => oh * stride - top + j >= c.InputHeight && j >= outsideTop).Count();
                    if (span.SkipTop != outsideTop || span.SkipBottom != outsideBottom)
                    {
                        problems.Add($"{c}: block at row {oh} skips {span.SkipTop} + {span.SkipBottom} input rows, {outsideTop} + {outsideBottom} lie outside");
                    }

                    if (tiles.Any(t => t.GuardTop < span.SkipTop || t.GuardBottom < span.SkipBottom))
                    {
                        problems.Add($"{c}: block at row {oh} skips rows its tiles do not test");
                    }

                    // A looped input row must serve every output row of the tile (the loop body multiplies it into all of them).
                    foreach (var tile in tiles.Where(t => t.LoopsInputRows))
                    {
                        if (tile.LoopFirst < 0 || tile.LoopEnd > inputRows || tile.WeightsInRegisters || tile.Partials != 1
                            || Enumerable.Range(tile.LoopFirst, tile.LoopEnd - tile.LoopFirst).Any(j => Enumerable.Range(0, rows).Any(i => j - i * stride < 0 || j - i * stride >= c.KernelHeight)))
                        {
                            problems.Add($"{c}: {tile.Name} loops over input rows [{tile.LoopFirst}, {tile.LoopEnd}) that do not each serve all {rows} rows");
                        }
                    }

                    previousEnd = oh + rows;
                }
            }
        }

        private static void CheckLoads(ConvCase c, ConvShape shape, int start, TileVector vector, string method, List<string> problems)
        {
            int width = vector.Width;
            for (int kw = 0; kw < shape.KernelWidth; kw++)
            {
                long First(int lane) => (long)(start + lane) * shape.StrideWidth - shape.PadLeft + (long)kw * shape.DilationWidth;
                for (int lane = 0; lane < vector.Stored; lane++)
                {
                    bool real = First(lane) >= 0 && First(lane) < shape.InputWidth;
                    if (real != ((vector.LaneMasks[kw] & (1 << lane)) != 0))
                    {
                        problems.Add($"{c}: {method} kernel column {kw} marks lane {lane} wrongly");
                    }
                }

                long first = First(0);
                (long From, long To) read = vector.Loads[kw] switch
                {
                    LoadKind.Contiguous => (first, first + width),
                    LoadKind.Stride2Permute => (first, first + 2 * width),
                    LoadKind.Shifted => (first + vector.Shifts[kw], first + vector.Shifts[kw] + width),
                    LoadKind.Stride2Shifted => (first + vector.Shifts[kw], first + vector.Shifts[kw] + 2 * width),
                    LoadKind.Stride2Pair => (first + vector.Shifts[kw], first + vector.Shifts[kw] + shape.InputWidth),
                    _ => (0, 0),
                };
                if (read.From < 0 || read.To > shape.InputWidth)
                {
                    problems.Add($"{c}: {method} kernel column {kw} ({vector.Loads[kw]}) reads input columns [{read.From}, {read.To}) of {shape.InputWidth}");
                }
            }
        }
    }
}
