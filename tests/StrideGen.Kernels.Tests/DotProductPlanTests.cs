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
    /// Layers whose output plane is smaller than a Vector512 of positions (a network's last 3×3 and 1×1 maps) but whose
    /// windows are long (<see cref="DotProductPlan"/>): every output a dot product of its channel's weights with its gathered
    /// window. The plan read as data (who gets it, tiles that cover every output once within the registers), and
    /// hand-picked layers against the float64 reference: padding on every side, valid windows, stride 2, dilation, a
    /// window that is not a whole number of vectors, remainder channel tiles, a 1×1 output, windows gathered in chunks of
    /// input channels, strides above 2 gathered in bands of rows, and multi-threaded layers.
    /// </summary>
    public sealed class DotProductPlanTests
    {
        private const int Seed = 20261128;

        private static KernelPlan PlanOf(ConvCase c) => ConvCaseDeclarations.PlanOf(c);

        /// <summary>Layers the planner computes as dot products on every vector path.</summary>
        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // SSD's 3×3 heads with fewer channels: "same" padding on a 3×3 map (every window meets padding), bias.
            new(64, 40, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true),
            // SSD's conv10_2: valid 3×3 windows on a 5×5 map, ReLU.
            new(32, 24, 5, 5, 3, 3, Activation: Activation.Relu),
            // LeNet's C5: a 5×5 window on a 5×5 map, one output position (a matrix-vector product), bias and ReLU.
            new(16, 30, 5, 5, 5, 5, Activation: Activation.Relu, HasBias: true),
            // Stride 2 onto a 3×3 map; 13 output channels leave a remainder tile.
            new(24, 13, 6, 6, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            // Dilation 2; 180 inputs a window: the last four past whole vectors.
            new(20, 16, 7, 7, 3, 3, DilationHeight: 2, DilationWidth: 2, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
            // A 1×3 window with left and right padding on a 3×4 map.
            new(32, 20, 3, 4, 1, 3, PadLeft: 1, PadRight: 1, HasBias: true),
            // Asymmetric padding, 81 inputs a window, Relu6.
            new(9, 33, 3, 5, 3, 3, PadTop: 2, PadBottom: 0, PadLeft: 0, PadRight: 1, Activation: Activation.Relu6),
            // "Same" padding on a 3×3 map; a 2×2 window onto a 1×1 output.
            new(48, 20, 3, 3, 3, 3, PaddingMode: PaddingMode.Same),
            new(40, 8, 2, 2, 2, 2, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.2f),
            // A single position with a window shorter than 64 inputs: EfficientNet's squeeze-and-excitation expansion
            // (48 → 1152, 1×1, bias) and 20 inputs a window (one Vector512 and 4 past it), ReLU.
            new(48, 1152, 1, 1, 1, 1, HasBias: true),
            new(20, 40, 1, 1, 1, 1, Activation: Activation.Relu),
            // Two threads over the output-channel tiles.
            new(64, 40, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true, Threads: 2),
            // 9 positions × 1536·9 inputs pass the stack budget: four chunks of 384 channels, the last one activating; bias.
            new(1536, 12, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true),
            // Strides above 2 across with wide windows (never packed in bands): AlexNet's 11×11 stride-4 first layer with a
            // smaller input, gathered three output rows at a time; a 5×5 stride-3 window whose 200 inputs end in a
            // partial vector; and 128 channels of 7×7 stride 4, one row at a time in chunks of input channels.
            new(3, 24, 100, 100, 11, 11, 4, 4, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Activation: Activation.Relu, HasBias: true),
            new(8, 20, 31, 31, 5, 5, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(128, 12, 40, 40, 7, 7, 4, 4, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, HasBias: true),
            // Chunks with two threads.
            new(1536, 20, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f, Threads: 2),
        };

        [Fact]
        public void Small_maps_with_long_windows_are_dot_products_on_every_vector_path()
        {
            foreach (var c in EdgeCases())
            {
                var plan = PlanOf(c);
                Assert.All(new[] { plan.Vector512, plan.Vector256, plan.Vector128 }, p => Assert.True(p?.Dot is not null, $"{c}: {p?.Target.Name ?? "a path"} is not a dot-product plan"));
            }
        }

        [Fact]
        public void Larger_maps_short_windows_and_grouped_layers_keep_their_plans()
        {
            // 16 positions (a Vector512's worth); 9 inputs a window (the 1×7×7 layer's flat plane); depthwise.
            var outside = new[]
            {
                new ConvCase(512, 64, 4, 4, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
                new ConvCase(1, 1, 7, 7, 3, 3),
                new ConvCase(64, 64, 5, 5, 3, 3, Groups: 64),
            };
            foreach (var c in outside)
            {
                Assert.All(PlanOf(c).VectorPlans, p => Assert.True(p.Dot is null, $"{c}: {p.Target.Name} is a dot-product plan"));
            }

        }

        [Fact]
        public void Wide_strides_with_few_output_channels_are_gathered_in_bands_of_output_rows_within_the_stack_budget()
        {
            // AlexNet's first layer with 24 output channels, too few to pack bands for: 55 outputs a row, 363 inputs a window
            // (78 KB a row), one row at a time. (With 64, its bands are packed float by float: see PackedBandTests.)
            var alex = PlanOf(new ConvCase(3, 24, 224, 224, 11, 11, 4, 4, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2)).Vector512!.Dot!;
            Assert.Equal((1, 55, 3), (alex.Rows, alex.Positions, alex.ChunkChannels));
            Assert.NotNull(PlanOf(new ConvCase(3, 64, 224, 224, 11, 11, 4, 4, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2)).Vector512!.Band);
            // 24 outputs a row: three rows (104 KB) divide the 24 rows.
            var small = PlanOf(EdgeCases().Single(c => c.KernelHeight == 11)).Vector512!.Dot!;
            Assert.Equal((3, 72), (small.Rows, small.Positions));
            // 128 channels of 7×7: a row passes the budget, so one row in chunks.
            var chunked = PlanOf(EdgeCases().Single(c => c.KernelHeight == 7)).Vector512!.Dot!;
            Assert.Equal(1, chunked.Rows);
            Assert.True(chunked.ChunkChannels < 128 && chunked.WindowFloats * sizeof(float) <= DotProductPlanner.ScratchBytes);
        }

        [Fact]
        public void Weight_rows_4_KB_apart_leave_the_gathered_column_a_way_of_its_L1_set()
        {
            // VGG's fc7 as a 1×1 convolution (4096 → 4096, 64 MB, too large to read row by row): every weight row falls in
            // the set of the column's line at each step, so a tile takes at most 6 rows besides the column (MobileNet's
            // classifier, tiled so before it was read row by row, ran 1.15× slower in 8). 2304-float rows spread over sets.
            foreach (var p in PlanOf(new ConvCase(4096, 4096, 1, 1, 1, 1, HasBias: true)).VectorPlans)
            {
                Assert.False(p.Dot!.RowByRow);
                Assert.True(p.Dot.Channels + p.Dot.TilePositions <= 7, $"{p.Target.Name}: {p.Dot.Channels} rows × {p.Dot.TilePositions} columns");
            }

            var spread = PlanOf(new ConvCase(256, 2000, 1, 1, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1)).Vector512!.Dot!;
            Assert.Equal((false, 8), (spread.RowByRow, spread.Channels));
        }

        [Fact]
        public void Windows_past_the_stack_budget_are_gathered_in_chunks_of_input_channels()
        {
            // 9 positions × 1024·9 inputs is 324 KB: chunks of 256 channels (81 KB; 512 would pass 128 KB) that divide the channels.
            var dot = PlanOf(new ConvCase(1024, 16, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1)).Vector512!.Dot!;
            Assert.Equal(256, dot.ChunkChannels);
            Assert.Equal(256 * 9, dot.ChunkDepth);
            Assert.True(dot.WindowFloats * sizeof(float) <= DotProductPlanner.ScratchBytes);
        }

        /// <summary>Small maps over a grid of channels, windows and padding: tiles of every path cover each output exactly once, within the registers.</summary>
        [Fact]
        public void Tiles_cover_every_output_once_within_the_registers()
        {
            var checkedPlans = 0;
            foreach (int inChannels in new[] { 8, 16, 64, 100 })
            foreach (int outChannels in new[] { 1, 3, 8, 13, 64, 255 })
            foreach (int size in new[] { 1, 2, 3, 4, 5 })
            foreach (int kernel in new[] { 1, 3 })
            {
                int pad = kernel / 2;
                var c = new ConvCase(inChannels, outChannels, size, size, kernel, kernel, PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad);
                foreach (var p in PlanOf(c).VectorPlans.Where(p => p.Dot is not null))
                {
                    var dot = p.Dot!;
                    Assert.Equal(size * size, dot.Positions);
                    Assert.Equal(inChannels * kernel * kernel, dot.Depth);
                    var covered = new int[outChannels, dot.Positions];
                    int oc = 0;
                    foreach (int channels in ChannelTiles.Sizes(outChannels, dot.Channels).SelectMany(t => Enumerable.Repeat(t, t == dot.Channels ? outChannels / dot.Channels : 1)))
                    {
                        foreach (var (first, count) in dot.PositionTiles)
                        {
                            // Row by row, one row's partial sums and the totals of the rows before it are live; a skewed
                            // tile holds its first vector's mask besides.
                            int live = (dot.RowByRow ? dot.Unroll + channels - 1 : channels * count * dot.Unroll) + count + 1 + (dot.Skewed ? 1 : 0);
                            Assert.True(live <= p.Target.Registers - 1, $"{c} on {p.Target.Name}: {channels}×{count}×{dot.Unroll} does not fit");
                            for (int t = 0; t < channels; t++)
                            {
                                for (int j = first; j < first + count; j++)
                                {
                                    covered[oc + t, j]++;
                                }
                            }
                        }

                        oc += channels;
                    }

                    Assert.Equal(outChannels, oc);
                    Assert.All(covered.Cast<int>(), n => Assert.Equal(1, n));
                    checkedPlans++;
                }
            }

            Assert.True(checkedPlans > 200, $"only {checkedPlans} dot-product plans in the grid");
        }

        [Fact]
        public void Edge_layers_match_the_float64_reference_and_stay_inside_their_spans()
        {
            var cases = EdgeCases();
            Assert.All(cases, c => Assert.True(c.IsValid, c.ToString()));
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed)));
        }
    }
}
