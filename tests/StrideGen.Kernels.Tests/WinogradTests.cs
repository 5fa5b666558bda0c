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
    /// 3×3 stride-1 layers run as Winograd's F(2×2, 3×3) on the vector paths (the scalar path keeps the layer's own
    /// kernel; CI runs these tests on the Vector512, Vector256 and Vector128 paths). Hand-picked layers cover odd output sizes (a last tile row or column half outside the map),
    /// output channels padded to whole register tiles, a smaller last chunk of output or input channels, blocks of several
    /// tile rows with a partial last block, rows narrower than a vector, every padding up to 2 (none, uneven, Same), rows
    /// whose outputs take a loop of vectors and a clipped last one, bias and every activation; they and random layers run
    /// against the float64 reference (whose tolerance, 1e-5 of the sum of |x·w|, the transforms' rounding stays within).
    /// </summary>
    public sealed class WinogradTests
    {
        private const int Seed = 20261128;

        private static ConvCase Padded(int inChannels, int outChannels, int height, int width, int pad = 1) =>
            new(inChannels, outChannels, height, width, 3, 3, PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad);

        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // ResNet's 64 → 64 layer on 56×56: two chunks of 32 output channels; 28 tiles a row, the outputs' last vectors clipped.
            Padded(64, 64, 56, 56),
            // Odd output height and width (27×25): the last tile row and column are half outside the map; 40 output channels, bias, ReLU.
            Padded(32, 40, 27, 25) with { HasBias = true, Activation = Activation.Relu },
            // 36 output channels: the chunk is padded to whole register tiles (40 on Vector512) with zero filters; leaky ReLU.
            Padded(48, 36, 30, 30) with { Activation = Activation.LeakyRelu, LeakyReluSlope = 0.1f },
            // 128 input channels: chunks of 16 output channels, the last one smaller (40 = 16 + 16 + 8); input channels in chunks with a remainder.
            Padded(128, 40, 32, 32) with { HasBias = true },
            // Narrow rows (12 wide, Vector256 only): blocks of several tile rows, the last block fewer; rows combined in 8-lane vectors.
            Padded(64, 64, 60, 12) with { Activation = Activation.Relu6, HasBias = true },
            // No padding: a 34×34 input gives 32×32 outputs.
            new(48, 48, 34, 34, 3, 3, HasBias: true),
            // Uneven padding: 2 on top and right, none below and on the left.
            new(40, 48, 29, 31, 3, 3, PadTop: 2, PadBottom: 0, PadLeft: 0, PadRight: 2),
            // Padding 2 all round: the first and last output rows read only one input row.
            Padded(32, 32, 26, 26, pad: 2) with { HasBias = true },
            // Same padding on a 94-wide map: outputs take a loop of whole vectors and a clipped last one.
            new(32, 32, 40, 94, 3, 3, PaddingMode: PaddingMode.Same, Activation: Activation.LeakyRelu),
        };

        /// <summary>
        /// Layers whose Vector512 path turns the loops round (<see cref="WinogradPath.AccumulatesOutput"/>): many channels on
        /// small maps. Five turn round on Vector256 too; the rest run there, and on Vector128, as the other order or the
        /// window, which these tests check on those paths.
        /// </summary>
        public static List<ConvCase> TurnedEdgeCases() => new List<ConvCase>
        {
            // ResNet's 256 → 256 layer on 14×14: one block of all 49 tiles, input channels in 10 chunks (the last 22), 14-wide rows clipped.
            Padded(256, 256, 14, 14),
            // Odd outputs (19×17), 100 output channels in chunks of 16 (the last 4, padded to a register tile), two blocks,
            // 6 chunks of input channels: the bias added once, ReLU after the last chunk.
            Padded(160, 100, 19, 17) with { HasBias = true, Activation = Activation.Relu },
            // 13 tile rows in blocks of 7 (the last 6), 44 output channels, ReLU6 after the last chunk.
            Padded(120, 44, 25, 25) with { Activation = Activation.Relu6 },
            // 100-wide rows: each output row a loop of whole vectors and a clipped last one, added to chunk after chunk; leaky
            // ReLU. Turned on Vector256 too.
            Padded(256, 128, 12, 100) with { Activation = Activation.LeakyRelu, LeakyReluSlope = 0.1f },
            // Uneven padding (2 on top and right, 1 below, none on the left): 24×23 outputs, rows ending in clipped loads of
            // 7 lanes on Vector256 and 7 of 16 on Vector512 (both turned), bias.
            new(256, 100, 23, 23, 3, 3, PadTop: 2, PadBottom: 1, PadLeft: 0, PadRight: 2, HasBias: true),
            // Padding 2 all round (both turned).
            Padded(256, 128, 16, 16, pad: 2),
            // 24 input channels in one chunk: the outputs stored once, with bias and ReLU, nothing added.
            Padded(24, 256, 14, 14) with { HasBias = true, Activation = Activation.Relu },
        };

        /// <summary>
        /// Layers with few input channels (a network's first layers), whose Vector512 path sums the products in registers and
        /// folds them straight into the outputs (<see cref="WinogradPath.FoldsProducts"/>); Vector256 and Vector128 keep the
        /// layer's own kernel for them, which these tests check on those paths.
        /// </summary>
        public static List<ConvCase> FoldedEdgeCases() => new List<ConvCase>
        {
            // CIFAR's first layer: 16 output channels in four groups of 4, bias, ReLU; one vector of 16 tiles a row.
            Padded(3, 16, 32, 32) with { HasBias = true, Activation = Activation.Relu },
            // Odd outputs (33×31): the last tile row and column half outside the map; 18 output channels, the last 2 one at
            // a time; rows of 16 tiles whose outputs end in a clipped store; bias, leaky ReLU.
            Padded(3, 18, 33, 31) with { HasBias = true, Activation = Activation.LeakyRelu, LeakyReluSlope = 0.1f },
            // 100-wide rows: three whole vectors of tiles in a loop and a clipped last one; ReLU6.
            Padded(3, 48, 30, 100) with { Activation = Activation.Relu6 },
            // No padding: a 34×34 input gives 32×32 outputs; bias.
            new(4, 16, 34, 34, 3, 3, HasBias: true),
            // Uneven padding: 2 on top and right, none below and on the left.
            new(3, 20, 36, 31, 3, 3, PadTop: 2, PadBottom: 0, PadLeft: 0, PadRight: 2),
            // Padding 2 all round: the first and last output rows read only one input row.
            Padded(3, 32, 30, 30, pad: 2),
            // Same padding on a 45×61 map, leaky ReLU.
            new(3, 24, 45, 61, 3, 3, PaddingMode: PaddingMode.Same, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.2f),
            // One input channel (a grey image), 32 output channels on 64×64.
            Padded(1, 32, 64, 64),
            // ResNet-20's first stage on CIFAR: 16 → 16 channels, bias, ReLU.
            Padded(16, 16, 32, 32) with { HasBias = true, Activation = Activation.Relu },
        };

        /// <summary>Each folded layer folds on Vector512 and only there, and together they cover what they are for.</summary>
        [Fact]
        public void Folded_edge_layers_fold_the_products_on_vector512()
        {
            var plans = FoldedEdgeCases().Select(c => (Case: c, Plan: WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)))).ToList();
            foreach (var (c, plan) in plans)
            {
                Assert.True(plan?.Vector512?.FoldsProducts == true, c.ToString());
                Assert.False(plan!.Vector256?.FoldsProducts ?? false, c.ToString());
                Assert.False(plan.Vector128?.FoldsProducts ?? false, c.ToString());
                Assert.Equal(c.InChannels, plan.Vector512!.InChannelChunk);
            }

            var paths = plans.Select(p => (Shape: p.Plan!.Shape, Path: p.Plan.Vector512!)).ToList();
            Assert.Contains(paths, p => p.Shape.OutChannels % p.Path.TileChannels != 0);
            Assert.Contains(paths, p => p.Shape.OutputWidth % 2 == 1 && p.Shape.OutputHeight % 2 == 1);
            Assert.Contains(paths, p => p.Shape.OutputWidth > 4 * p.Path.Lanes && p.Shape.OutputWidth % (2 * p.Path.Lanes) != 0);
            Assert.Contains(paths, p => p.Path.RowVectors == 1 && p.Shape.OutputWidth == 2 * p.Path.Lanes);
        }

        /// <summary>Each turned layer takes the turned order on Vector512 (some on Vector256 too, never on Vector128), and together they cover what they are for.</summary>
        [Fact]
        public void Turned_edge_layers_turn_the_loops_round_on_the_wide_paths()
        {
            var plans = TurnedEdgeCases().Select(c => (Case: c, Plan: WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)))).ToList();
            foreach (var (c, plan) in plans)
            {
                Assert.True(plan?.Vector512?.AccumulatesOutput == true, c.ToString());
                Assert.False(plan!.Vector128?.AccumulatesOutput ?? false, c.ToString());
            }

            var narrow = plans.Where(p => p.Plan!.Vector256?.AccumulatesOutput == true).Select(p => (Shape: p.Plan!.Shape, Path: p.Plan.Vector256!)).ToList();
            Assert.Equal(5, narrow.Count);
            Assert.Contains(narrow, p => p.Path.InChannelChunks == 1);
            Assert.Contains(narrow, p => p.Path.InChannelChunks > 1 && p.Shape.OutputWidth % 2 == 1 && p.Shape.HasBias);
            Assert.Contains(narrow, p => p.Shape.OutputWidth > 4 * p.Path.Lanes && p.Path.InChannelChunks > 1 && p.Shape.Activation != ActivationKind.None);

            var paths = plans.Select(p => (Shape: p.Plan!.Shape, Path: p.Plan.Vector512!)).ToList();
            Assert.Contains(paths, p => p.Path.InChannelChunks == 1);
            Assert.Contains(paths, p => p.Path.InChannelChunks > 1 && p.Shape.InChannels % p.Path.InChannelChunk != 0 && p.Shape.HasBias && p.Shape.Activation != ActivationKind.None);
            Assert.Contains(paths, p => p.Shape.OutChannels % p.Path.ChannelChunk != 0 && p.Shape.OutChannels % p.Path.TileChannels != 0);
            Assert.Contains(paths, p => p.Path.Blocks > 1 && p.Path.TileRows % p.Path.BlockRows != 0);
            Assert.Contains(paths, p => p.Shape.OutputWidth > 4 * p.Path.Lanes && p.Path.InChannelChunks > 1);
            Assert.Contains(paths, p => p.Shape.OutputWidth % 2 == 1 && p.Shape.OutputHeight % 2 == 1);
        }

        /// <summary>
        /// Every edge layer runs as Winograd on the Vector256 and Vector128 paths, and all but the 12-wide one (6 tiles a row
        /// fill 16 lanes badly) on Vector512 too.
        /// </summary>
        [Fact]
        public void Edge_layers_run_as_winograd_on_every_vector_path()
        {
            foreach (var c in EdgeCases())
            {
                var plan = WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c));
                Assert.True(plan?.Vector256 is not null, c.ToString());
                Assert.True(plan!.Vector128 is not null, c.ToString());
                Assert.True(c.InputWidth == 12 ? plan.Vector512 is null : plan.Vector512 is not null, c.ToString());
            }
        }

        [Fact]
        public void Edge_layers_cover_the_blockings_they_are_for()
        {
            var plans = EdgeCases().Select(c => WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c))).OfType<WinogradPlan>().ToList();
            var paths = plans.SelectMany(p => p.Paths.Select(path => (Plan: p, Path: path))).ToList();
            Assert.Contains(paths, p => p.Path.ChannelChunk < p.Plan.Shape.OutChannels && p.Plan.Shape.OutChannels % p.Path.ChannelChunk != 0);
            Assert.Contains(paths, p => p.Path.ChannelChunk >= p.Plan.Shape.OutChannels && p.Path.ChannelChunk > p.Plan.Shape.OutChannels);
            Assert.Contains(paths, p => p.Path.InChannelChunk < p.Plan.Shape.InChannels && p.Plan.Shape.InChannels % p.Path.InChannelChunk != 0);
            Assert.Contains(paths, p => p.Path.BlockRows > 1 && p.Path.TileRows % p.Path.BlockRows != 0);
            Assert.Contains(paths, p => p.Plan.Shape.OutputWidth > 4 * p.Path.Lanes);
        }

        /// <summary>
        /// ResNet's 64 → 64 layer on 56×56 takes Winograd on every vector path (on two threads, each takes half of the tile rows); a
        /// stride, a 5×5 window, dilation, groups, NHWC and a 7×7 map with 512 channels (the filters' transform outweighs 16
        /// tiles) keep the layer's own kernel. With 3 input channels only Vector512 takes it, the products folded in
        /// registers (CIFAR's 3 → 16 layer on 32×32), and a small map (8 channels on 15×17) keeps the window there too.
        /// </summary>
        [Fact]
        public void Only_3x3_stride_1_layers_with_enough_work_run_as_winograd()
        {
            var resNet = WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(Padded(64, 64, 56, 56)));
            Assert.NotNull(resNet?.Vector512);
            Assert.NotNull(resNet?.Vector256);
            Assert.NotNull(resNet?.Vector128);
            Assert.Equal(32, resNet!.Vector512!.ChannelChunk);
            Assert.Equal(1, resNet.Vector512.BlockRows);

            var resNetShape = ConvCaseDeclarations.ShapeOf(Padded(64, 64, 56, 56));
            Assert.Null(WinogradPlanner.Plan(resNetShape with { StrideHeight = 2, StrideWidth = 2 }));
            Assert.Null(WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(new(64, 64, 56, 56, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2))));
            Assert.Null(WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(new(64, 64, 56, 56, 3, 3, DilationHeight: 2, DilationWidth: 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2))));
            Assert.Null(WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(Padded(64, 64, 56, 56) with { Groups = 2 })));
            Assert.Null(WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(Padded(64, 64, 56, 56) with { Layout = TensorLayout.Nhwc })));
            Assert.All(WinogradPlanner.Plan(resNetShape with { Threads = 2 })!.Paths, path => Assert.Equal(2, path.Parts));
            var cifar = WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(Padded(3, 16, 32, 32)));
            Assert.True(cifar?.Vector512?.FoldsProducts == true);
            Assert.Null(cifar!.Vector256);
            Assert.Null(cifar.Vector128);
            Assert.Null(WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(Padded(3, 8, 15, 17))));
            Assert.Null(WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(Padded(512, 512, 7, 7))));
            Assert.False(resNet.Vector512.AccumulatesOutput);
        }

        /// <summary>
        /// With many channels on a small map the filters of every input channel leave room for only 8 output channels a chunk,
        /// and the loops turn round: ResNet's 256 → 256 layer on 14×14 (which the other order would not take) runs on
        /// Vector512 as one block, input channels in chunks, 16 output channels at a time, its stack within 264 KB.
        /// </summary>
        [Fact]
        public void Many_channels_on_small_maps_turn_the_loops_round()
        {
            var shape = ConvCaseDeclarations.ShapeOf(Padded(256, 256, 14, 14));
            var path = WinogradPlanner.Plan(shape)!.Vector512!;
            Assert.True(path.AccumulatesOutput);
            Assert.Equal(1, path.Blocks);
            Assert.InRange(path.InChannelChunks, 2, 16);
            Assert.Equal(16, path.ChannelChunk);
            Assert.True(path.StackFloats * sizeof(float) <= 264 * 1024);
            var first = WinogradPlanner.PlanFiltersFirst(shape, path.Target, path.TileChannels, path.GroupVectors, path.TileRows, path.TilesPerRow);
            Assert.True(first is null || WinogradPlanner.Cost(shape, first) > WinogradPlanner.Cost(shape, path));

            // Vector256 turns round only where the other order is not taken and the estimate is well ahead of the window:
            // ResNet's 256-channel layer does; YOLOv3's 128 → 256 on 52×52 keeps the other order; AlexNet's 384 → 256 on
            // 13×13 (turned round it ran 0.9× the window's speed) keeps the window.
            Assert.True(WinogradPlanner.Plan(shape)!.Vector256!.AccumulatesOutput);
            Assert.False(WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(Padded(128, 256, 52, 52)))!.Vector256!.AccumulatesOutput);
            Assert.Null(WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(Padded(384, 256, 13, 13)))?.Vector256);
        }

        /// <summary>
        /// Every plan of the edge layers and of 3×3 layers from real networks keeps its four stack blocks within 264 KB
        /// (128 + 64 + 32 + 32 KB, and a cache line per plane), and its chunks whole.
        /// </summary>
        [Fact]
        public void Plans_keep_their_stack_blocks_within_264_KB()
        {
            var layers = EdgeCases().Concat(TurnedEdgeCases()).Concat(FoldedEdgeCases()).Concat(new[]
            {
                Padded(64, 64, 56, 56), Padded(128, 128, 28, 28), Padded(256, 256, 14, 14), Padded(64, 128, 112, 112), Padded(16, 16, 32, 32),
                Padded(32, 32, 16, 16), Padded(64, 64, 32, 32), Padded(256, 256, 56, 56), Padded(512, 512, 28, 28), Padded(32, 64, 208, 208),
                Padded(3, 64, 224, 224), Padded(3, 16, 416, 416), Padded(1, 64, 64, 64), Padded(16, 64, 55, 55),
            });
            foreach (var c in layers)
            {
                if (WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)) is not { } plan)
                {
                    continue;
                }

                foreach (var path in plan.Paths)
                {
                    Assert.True(path.StackFloats * sizeof(float) <= 264 * 1024, $"{c}: {path}");
                    Assert.Equal(0, path.ChannelChunk % path.TileChannels);
                    Assert.InRange(path.InChannelChunk, 1, c.InChannels);
                    Assert.True(path.BlockStride >= (path.BlockRows - 1) * path.TilesPerRow + path.RowVectors * path.Lanes, c.ToString());
                }
            }
        }

        /// <summary>
        /// The largest stack blocks a Winograd call takes (ResNet's 64 → 64 layer on 56×56: 259 KB) leave room on a thread
        /// of 512 KB, half of Windows' default (an overflow would end the test run).
        /// </summary>
        [Fact]
        public void A_winograd_layer_runs_on_a_thread_with_a_512_KB_stack()
        {
            Assert.Null(SmallStackRun.CheckAgainstReference(Padded(64, 64, 56, 56), new Random(Seed)));
        }

        /// <summary>The three sets of edge layers: of the first order, turned round, and folded.</summary>
        public static TheoryData<string> EdgeCaseSets => new() { "Edge", "Turned", "Folded" };

        private static List<ConvCase> EdgeCaseSet(string set) => set switch
        {
            "Edge" => EdgeCases(),
            "Turned" => TurnedEdgeCases(),
            _ => FoldedEdgeCases(),
        };

        [Theory]
        [MemberData(nameof(EdgeCaseSets))]
        public void Edge_layers_match_the_float64_reference_and_stay_inside_their_spans(string set)
        {
            var cases = EdgeCaseSet(set);
            Assert.All(cases, c => Assert.True(c.IsValid, c.ToString()));
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + set.Length)));
        }

        /// <summary>
        /// The edge layers on two threads, bit for bit their one-thread twins: each part takes a contiguous range of blocks
        /// of tile rows (folded: of tile rows), or with the loops turned round of chunks of output channels.
        /// </summary>
        [Theory]
        [MemberData(nameof(EdgeCaseSets))]
        public void Multi_threaded_edge_layers_match_their_one_thread_twins(string set)
        {
            var cases = EdgeCaseSet(set).Select(c => c with { Threads = 2 }).ToList();
            Assert.All(cases, c => Assert.All(WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c))!.Paths, path => Assert.Equal(2, path.Parts)));
            Assert.Null(ThreadedTwins.MismatchReport(cases, new Random(Seed + 3 + set.Length)));
        }

        /// <summary>
        /// Random layers with few input channels (1–16 in, 1–64 out, maps 4–90, padding 0–2 a side, bias, activations, a
        /// quarter on two threads), kept where the Vector512 path folds the products in registers.
        /// </summary>
        [Fact]
        public void Random_folded_layers_match_the_float64_reference()
        {
            var random = new Random(Seed + 8);
            var cases = new List<ConvCase>();
            for (int attempt = 0; cases.Count < FoldedRandomCount && attempt < 20000; attempt++)
            {
                var c = new ConvCase(random.Next(1, 17), random.Next(1, 65), random.Next(4, 91), random.Next(4, 91), 3, 3,
                    PadTop: random.Next(3), PadBottom: random.Next(3), PadLeft: random.Next(3), PadRight: random.Next(3),
                    Activation: (Activation)random.Next(4), LeakyReluSlope: 0.1f, HasBias: random.Next(2) == 0, Threads: random.Next(4) == 0 ? 2 : 1);
                if (c.IsValid && WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c))?.Vector512?.FoldsProducts == true)
                {
                    cases.Add(c);
                }
            }

            Assert.Equal(FoldedRandomCount, cases.Count);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 9), 12));
        }

        private const int FoldedRandomCount = 16;

        /// <summary>Random 3×3 stride-1 layers (8–96 channels, maps 6–60, padding 0–2 a side), kept where they run as Winograd.</summary>
        [Fact]
        public void Random_winograd_layers_match_the_float64_reference()
        {
            var random = new Random(Seed + 1);
            var cases = new List<ConvCase>();
            for (int attempt = 0; cases.Count < 16 && attempt < 5000; attempt++)
            {
                var c = new ConvCase(random.Next(8, 97), random.Next(8, 97), random.Next(6, 61), random.Next(6, 61), 3, 3,
                    PadTop: random.Next(3), PadBottom: random.Next(3), PadLeft: random.Next(3), PadRight: random.Next(3),
                    Activation: (Activation)random.Next(4), LeakyReluSlope: 0.1f, HasBias: random.Next(2) == 0);
                if (c.IsValid && (long)c.InChannels * c.OutChannels * c.OutputHeight * c.OutputWidth <= 8_000_000
                    && WinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)) is not null)
                {
                    cases.Add(c);
                }
            }

            Assert.Equal(16, cases.Count);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 2), 12));
        }
    }
}
