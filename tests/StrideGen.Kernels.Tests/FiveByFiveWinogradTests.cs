using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// 5×5 stride-1 layers run as Winograd's F(2×2, 5×5) on the Vector512 path (<see cref="TileRowWinogradPlan"/> at
    /// stride 1, with <see cref="WinogradAxisTransform"/>'s F(2, 5) table; the other paths keep the layer's own kernel, which
    /// CI checks with AVX2 off). The table is checked against the window's definition; hand-picked layers cover a first
    /// layer of one input channel, odd output sizes, a single tile row, last groups of 1, 2 and 3 output channels, chunks of
    /// input channels with a smaller last one, rows of one to three vectors of tiles, narrow maps with two tile rows a
    /// vector (an odd count of tile rows, an odd last output row, 16 and 13 columns, uneven padding), padding from none to 4 (uneven, Same),
    /// bias and every activation; they and random layers run against the float64 reference, on two threads bit for bit
    /// against one, and four against ONNX Runtime.
    /// </summary>
    /// <remarks>
    /// Vector512-only kernels: CI's runs on the narrower paths leave this class out (trait Path = Vector512), since there
    /// these layers run the window kernels the other classes test.
    /// </remarks>
    [Trait("Path", "Vector512")]
    public sealed class FiveByFiveWinogradTests
    {
        private const int Seed = 20261201;

        private static ConvCase Padded(int inChannels, int outChannels, int height, int width, int pad) =>
            new(inChannels, outChannels, height, width, 5, 5, PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad);

        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // GoogLeNet's 32 → 96 layer on 28×28: 14 tiles a row in one vector, 28 output columns stored clipped.
            Padded(32, 96, 28, 28, 2),
            // Odd output height and width (27×27): the last tile row's lower output row and the last tile's right column are
            // outside the map; 30 output channels (the last group 2); bias and ReLU.
            Padded(16, 30, 27, 27, 2) with { HasBias = true, Activation = Activation.Relu },
            // 37 input channels in chunks of 5 (the last 2), the outputs read back and added to; 149 output channels (the
            // last group 1); bias.
            Padded(37, 149, 32, 32, 2) with { HasBias = true },
            // 70-wide output rows: three vectors of tiles, the last one's outputs clipped to 6 columns; 27 output channels
            // (the last group 3); leaky ReLU.
            Padded(16, 27, 14, 70, 2) with { Activation = Activation.LeakyRelu, LeakyReluSlope = 0.1f },
            // No padding (60×60 → 56×56): two vectors of tiles, the second holding 12; ReLU6.
            new(12, 20, 60, 60, 5, 5, Activation: Activation.Relu6),
            // Padding 4 all round, the most a side can take (28×28 → 32×32): the first tile rows read mostly padding.
            Padded(8, 16, 28, 28, 4),
            // Uneven padding: 4 on top, 1 on the right, none below and on the left (33×33 → 33×30).
            new(8, 24, 33, 33, 5, 5, PadTop: 4, PadBottom: 0, PadLeft: 0, PadRight: 1),
            // Same padding on an even map.
            new(10, 36, 32, 48, 5, 5, PaddingMode: PaddingMode.Same, HasBias: true),
            // A grayscale first layer: 1 input channel, 64×64 outputs.
            Padded(1, 32, 64, 64, 2),
            // Two output rows (6 rows, no padding): a single tile row.
            new(32, 64, 6, 68, 5, 5),
            // GoogLeNet's 32 → 128 layer on 14×14: two tile rows a vector (7 tiles each, 14 columns stored clipped), 7 tile
            // rows, so the last vector's second tile row is past the map; input channels in chunks of 7 (the last 4).
            Padded(32, 128, 14, 14, 2),
            // Two tile rows a vector on a 13×13 map: the last tile row alone and its lower output row past the map; the last
            // group 2 output channels; bias and ReLU.
            Padded(24, 62, 13, 13, 2) with { HasBias = true, Activation = Activation.Relu },
            // Two tile rows a vector on 11 output rows (6 tile rows, 3 pairs): the last pair's second tile row has only its
            // upper output row; chunks of input channels; 16 columns, every lane of both halves stored; bias and ReLU6.
            new(64, 96, 11, 16, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, HasBias: true, Activation: Activation.Relu6),
            // Two tile rows a vector with uneven padding: 4 on top, 1 below, none on the left, 3 on the right (20×15 → 21×14).
            new(40, 52, 20, 15, 5, 5, PadTop: 4, PadBottom: 1, PadLeft: 0, PadRight: 3),
        };

        /// <summary>
        /// Per axis, every (output j, tap k, input p): Σ over the terms of Bᵀ[t][p]·G[t][k]·Aᵀ[t][j] is 1 where p = j + k
        /// (output j at stride 1 meets input j + k through tap k) and 0 elsewhere; so on both axes the tile is the window.
        /// </summary>
        [Fact]
        public void The_axis_transform_computes_two_outputs_of_the_window_at_stride_1()
        {
            var axis = WinogradAxisTransform.For(5, stride: 1);
            Assert.Equal(6, axis.Terms);
            Assert.Equal(6, axis.Inputs);
            for (int j = 0; j < 2; j++)
            {
                for (int k = 0; k < 5; k++)
                {
                    for (int p = 0; p < axis.Inputs; p++)
                    {
                        double sum = Enumerable.Range(0, axis.Terms).Sum(t => axis.InputWeights[t][p] * axis.FilterWeights[t][k] * axis.OutputWeights[t][j]);
                        Assert.True(Math.Abs(sum - (p == j + k ? 1 : 0)) < 1e-12, $"output {j}, tap {k}, input {p}: {sum}");
                    }
                }
            }
        }

        /// <summary>Each edge layer runs as F(2×2, 5×5), and together they cover what they are for.</summary>
        [Fact]
        public void Edge_layers_run_as_5x5_winograd_and_cover_the_cases_they_are_for()
        {
            var plans = EdgeCases().Select(c => (Case: c, Plan: Plan(c))).ToList();
            Assert.All(plans, p => Assert.True(p.Plan is { Taps: 5, Stride: 1, Positions: 36 }, p.Case.ToString()));
            var all = plans.Select(p => p.Plan!).ToList();
            Assert.Contains(all, p => p.Shape.InChannels == 1);
            Assert.Contains(all, p => p.Shape.OutputHeight % 2 == 1 && p.Shape.OutputWidth % 2 == 1);
            Assert.Contains(all, p => p.TileRows == 1);
            Assert.Contains(all, p => p.Shape.OutChannels % 4 == 1);
            Assert.Contains(all, p => p.Shape.OutChannels % 4 == 2);
            Assert.Contains(all, p => p.Shape.OutChannels % 4 == 3);
            Assert.Contains(all, p => p.InChannelChunks > 1 && p.Shape.InChannels % p.InChannelChunk != 0);
            Assert.Contains(all, p => p.RowVectors == 3 && p.Shape.OutputWidth % 32 != 0);
            Assert.Contains(all, p => p.RowVectors == 2);
            Assert.Contains(all, p => p.Shape.PadTop != p.Shape.PadBottom && p.Shape.PadLeft != p.Shape.PadRight);
            Assert.Contains(all, p => p.Shape.PadTop == 4 && p.Shape.PadLeft == 4);
            Assert.Contains(all, p => p.Shape.PadTop == 0 && p.Shape.PadBottom == 0 && p.Shape.PadLeft == 0);
            Assert.Contains(all, p => !p.PairsTileRows);
            Assert.Contains(all, p => p.PairsTileRows && p.TileRows % 2 == 1 && p.Shape.OutputHeight % 2 == 0);
            Assert.Contains(all, p => p.PairsTileRows && p.TileRows % 2 == 1 && p.Shape.OutputHeight % 2 == 1);
            Assert.Contains(all, p => p.PairsTileRows && p.TileRows % 2 == 0 && p.Shape.OutputHeight % 2 == 1);
            Assert.Contains(all, p => p.PairsTileRows && p.Shape.OutputWidth == 16);
            Assert.Contains(all, p => p.PairsTileRows && p.Shape.OutputWidth % 2 == 1);
            Assert.Contains(all, p => p.PairsTileRows && p.InChannelChunks > 1 && p.Shape.InChannels % p.InChannelChunk != 0);
            Assert.Contains(all, p => p.PairsTileRows && p.Shape.HasBias);
        }

        /// <summary>
        /// Maps of at most 16 output columns (8 tiles a row) and more than one tile row pair their tile rows, 8 lanes each;
        /// wider ones, a single tile row and stride 2 do not.
        /// </summary>
        [Fact]
        public void Narrow_maps_pair_their_tile_rows()
        {
            var paired = Plan(Padded(32, 128, 14, 14, 2))!;
            Assert.True(paired.PairsTileRows);
            Assert.Equal((7, 4, 1), (paired.TileRows, paired.RowSteps, paired.RowVectors));
            Assert.Equal(8, paired.CopiedRows);
            Assert.True(Plan(Padded(24, 64, 16, 16, 2))!.PairsTileRows);
            Assert.False(Plan(Padded(24, 64, 18, 18, 2))!.PairsTileRows); // 9 tiles a row
            Assert.True(CanPair(new ConvCase(32, 64, 7, 20, 5, 5))); // 3 output rows, 16 columns
            Assert.False(CanPair(new ConvCase(32, 64, 6, 20, 5, 5))); // 2 output rows: one tile row
            Assert.False(CanPair(new ConvCase(32, 64, 7, 21, 5, 5))); // 17 columns: 9 tiles a row
            Assert.False(CanPair(new ConvCase(64, 128, 28, 28, 3, 3, StrideHeight: 2, StrideWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1))); // 14 columns at stride 2

            static bool CanPair(ConvCase c) => TileRowWinogradPlan.CanPairTileRows(ConvCaseDeclarations.ShapeOf(c));
        }

        /// <summary>
        /// GoogLeNet's, AlexNet's and Inception-v3's 5×5 layers take the path (A/B against the window: 2.02×, 1.72× and
        /// 1.11× faster), and with two tile rows a vector GoogLeNet's 14×14 layers (1.34× for 16 → 48, 1.54× for 32 → 128)
        /// and 256 → 256 on 14×14 (1.34×). LeNet's layers, 7×7 maps (4 tiles a row: half of each vector idle even paired),
        /// 8 → 8 on 32×32 and 16 → 16 on 20×20 (few output channels for the input transform: 1.00× and 1.01× forced on), 5×3
        /// and 3×5 windows, dilation, groups and NHWC keep the window.
        /// </summary>
        [Fact]
        public void The_planner_takes_the_5x5_layers_where_it_measured_faster()
        {
            Assert.NotNull(Plan(Padded(32, 96, 28, 28, 2)));
            Assert.NotNull(Plan(Padded(64, 192, 27, 27, 2)));
            Assert.NotNull(Plan(Padded(48, 64, 35, 35, 2)));
            Assert.NotNull(Plan(Padded(16, 48, 14, 14, 2)));
            Assert.NotNull(Plan(Padded(32, 128, 14, 14, 2)));
            Assert.NotNull(Plan(Padded(256, 256, 14, 14, 2)));
            Assert.Null(Plan(Padded(1, 6, 28, 28, 0)));
            Assert.Null(Plan(Padded(6, 16, 14, 14, 0)));
            Assert.Null(Plan(Padded(48, 128, 7, 7, 2)));
            Assert.Null(Plan(Padded(8, 8, 32, 32, 2)));
            Assert.Null(Plan(Padded(16, 16, 20, 20, 2)));
            Assert.Null(Plan(new ConvCase(32, 96, 28, 28, 5, 3, PadTop: 2, PadBottom: 2, PadLeft: 1, PadRight: 1)));
            Assert.Null(Plan(new ConvCase(32, 96, 28, 28, 3, 5, PadTop: 1, PadBottom: 1, PadLeft: 2, PadRight: 2)));
            Assert.Null(Plan(Padded(32, 96, 28, 28, 4) with { DilationHeight = 2, DilationWidth = 2 }));
            Assert.Null(Plan(Padded(32, 96, 28, 28, 2) with { Groups = 2 }));
            Assert.Null(Plan(Padded(32, 96, 28, 28, 2) with { Layout = TensorLayout.Nhwc }));
        }

        private static TileRowWinogradPlan? Plan(ConvCase c) => TileRowWinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c));

        /// <summary>The edge layers against the float64 reference, writing nothing outside their outputs.</summary>
        [Fact]
        public void Edge_layers_match_the_float64_reference()
        {
            Assert.Null(ConvLayerBatch.MismatchReport(EdgeCases(), new Random(Seed), EdgeCases().Count));
        }

        /// <summary>
        /// The edge layers on two threads (each part a contiguous range of tile rows, or where the filters cost more than the
        /// input, of groups of output channels; both with and without two tile rows a vector) against the float64 reference,
        /// writing nothing outside their outputs, and bit for bit their one-thread twins.
        /// </summary>
        [Fact]
        public void Edge_layers_match_the_reference_on_two_threads_and_their_one_thread_twins_bit_for_bit()
        {
            var cases = EdgeCases().Where(c => c.OutputHeight > 2).Select(c => c with { Threads = 2 }).ToList();
            Assert.All(cases, c => Assert.Equal(2, Plan(c)!.Parts));
            Assert.Contains(cases, c => Plan(c)!.SplitsOutputChannels && Plan(c)!.PairsTileRows);
            Assert.Contains(cases, c => Plan(c)!.SplitsOutputChannels && !Plan(c)!.PairsTileRows);
            Assert.Contains(cases, c => !Plan(c)!.SplitsOutputChannels && Plan(c)!.PairsTileRows);
            Assert.Contains(cases, c => !Plan(c)!.SplitsOutputChannels && !Plan(c)!.PairsTileRows);
            Assert.Null(ThreadedTwins.MismatchReport(cases, new Random(Seed + 1)));
        }

        /// <summary>
        /// Four edge layers against a real peer, ONNX Runtime's Conv on a one-node model (the activation applied to its
        /// output): GoogLeNet's layer, odd outputs with bias and ReLU, the chunked layer with bias, and the 13×13 map with
        /// its tile rows paired.
        /// </summary>
        [Fact]
        public void Edge_layers_agree_with_ONNX_Runtime()
        {
            var cases = new[] { EdgeCases()[0], EdgeCases()[1], EdgeCases()[2], EdgeCases()[11] };
            Assert.All(cases, c => Assert.NotNull(Plan(c)));
            Assert.Null(OnnxRuntimeCrossCheckTests.MismatchReport(cases, new Random(Seed + 4)));
        }

        /// <summary>
        /// Random 5×5 stride-1 layers (1–40 input and 1–64 output channels, maps up to 80, padding up to 4 a side, bias,
        /// activations, a quarter on two threads), kept where they run as F(2×2, 5×5).
        /// </summary>
        [Fact]
        public void Random_5x5_winograd_layers_match_the_float64_reference()
        {
            var cases = RandomCases(new Random(Seed + 2), inChannels: 40, outChannels: 64, height: 80, width: 80, keep: plan => true);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 3), 12));
        }

        /// <summary>
        /// Random 5×5 stride-1 layers on narrow maps (output rows 1 to 16 columns wide, 3 to 40 rows; 1–64 input and 1–96
        /// output channels, padding up to 4 a side, bias, activations, a quarter on two threads), kept where they run as
        /// F(2×2, 5×5) with two tile rows a vector.
        /// </summary>
        [Fact]
        public void Random_narrow_5x5_winograd_layers_match_the_float64_reference()
        {
            var cases = RandomCases(new Random(Seed + 5), inChannels: 64, outChannels: 96, height: 40, width: 20, keep: plan => plan.PairsTileRows);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 6), 12));
        }

        /// <summary>
        /// <see cref="RandomCount"/> random valid 5×5 stride-1 layers of up to so many channels and input rows and columns
        /// (at least 5), padding up to 4 a side, bias, activations, a quarter on two threads, at most 6 M multiply-adds,
        /// kept where they run as F(2×2, 5×5) with a plan <paramref name="keep"/> accepts.
        /// </summary>
        private static List<ConvCase> RandomCases(Random random, int inChannels, int outChannels, int height, int width, Func<TileRowWinogradPlan, bool> keep)
        {
            var cases = new List<ConvCase>();
            for (int attempt = 0; cases.Count < RandomCount && attempt < 20000; attempt++)
            {
                var c = new ConvCase(random.Next(1, inChannels + 1), random.Next(1, outChannels + 1), random.Next(5, height + 1), random.Next(5, width + 1), 5, 5,
                    PadTop: random.Next(5), PadBottom: random.Next(5), PadLeft: random.Next(5), PadRight: random.Next(5),
                    Activation: (Activation)random.Next(4), LeakyReluSlope: 0.1f, HasBias: random.Next(2) == 0, Threads: random.Next(4) == 0 ? 2 : 1);
                if (c.IsValid && c.MultiplyAccumulates <= 6_000_000 && Plan(c) is { } plan && keep(plan))
                {
                    cases.Add(c);
                }
            }

            Assert.Equal(RandomCount, cases.Count);
            return cases;
        }

        private const int RandomCount = 16;
    }
}
