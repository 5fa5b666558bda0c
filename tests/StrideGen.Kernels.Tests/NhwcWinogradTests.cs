using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// NHWC 3×3 stride-1 layers run as Winograd's F(2×2, 3×3) with the channels in the vector lanes (Vector512, Vector256 and
    /// Vector128; CI runs these tests on each, and on the scalar path, which keeps the layer's own NHWC kernel).
    /// Hand-picked layers cover odd output sizes (the last tile row or column half outside the map), output and input
    /// channels in chunks (the outputs stored by the first chunk of input channels and added to by the later ones, the
    /// last activating), register tiles of one and two vectors with a remainder group, every padding up to 2 (none,
    /// uneven, Same), bias and every activation; each runs against the float64 reference.
    /// </summary>
    public sealed class NhwcWinogradTests
    {
        private const int Seed = 20261127;

        private static ConvCase Padded(int inChannels, int outChannels, int height, int width, int pad = 1) =>
            new(inChannels, outChannels, height, width, 3, 3, PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad, Layout: TensorLayout.Nhwc);

        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // ResNet's 64 → 64 layer on a 20×20 map: 100 tiles in blocks with a remainder group; bias, ReLU.
            Padded(64, 64, 20, 20) with { HasBias = true, Activation = Activation.Relu },
            // Odd output height and width (15×13): the last tile row and column are half outside the map; 96 input channels in chunks.
            Padded(96, 64, 15, 13),
            // 256 input channels in chunks: the bias added by the first, later ones add to the outputs, leaky ReLU after the last;
            // 16 output channels: one-vector register tiles on Vector512.
            Padded(256, 16, 14, 14) with { HasBias = true, Activation = Activation.LeakyRelu, LeakyReluSlope = 0.1f },
            // 48 channels: one-vector register tiles of 48 = 3 × 16 on Vector512, two of 8 and one more on Vector256; ReLU6.
            Padded(48, 48, 24, 24) with { Activation = Activation.Relu6 },
            // 40 output channels: Vector256 only (not a multiple of 16), Vector512 keeps the window; odd 21×23 output.
            Padded(32, 40, 21, 23) with { HasBias = true },
            // No padding: a 14×14 input gives 12×12 outputs, every tile on real input.
            new(64, 32, 14, 14, 3, 3, HasBias: true, Layout: TensorLayout.Nhwc),
            // Uneven padding: 2 on top and right, none below and on the left (17×19 outputs from a 17×19 input).
            new(32, 32, 17, 19, 3, 3, PadTop: 2, PadBottom: 0, PadLeft: 0, PadRight: 2, Layout: TensorLayout.Nhwc),
            // Padding 2 all round: the first and last tile rows and columns read mostly padding.
            Padded(32, 64, 20, 20, pad: 2) with { Activation = Activation.Relu },
            // Same padding, 24 channels (Vector256 only, three one-vector register tiles) on a wide 10×60 map.
            new(24, 24, 10, 60, 3, 3, PaddingMode: PaddingMode.Same, Layout: TensorLayout.Nhwc),
            // Many tiles (32×32 map, 256 tiles): several blocks, the last one partial.
            Padded(32, 32, 32, 32) with { HasBias = true },
            // Packed weights: an NHWC layer's are its HWIO weights as they are, which Winograd reads like any others.
            Padded(64, 32, 16, 16) with { PackedWeights = true, Activation = Activation.Relu },
        };

        /// <summary>Every edge layer takes the Winograd kernel on at least one vector path, so the reference comparison below tests it.</summary>
        [Fact]
        public void Edge_layers_run_as_Winograd()
        {
            foreach (var c in EdgeCases())
            {
                var plan = NhwcWinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c));
                Assert.True(plan is not null, $"{c}: no Winograd path");
                Assert.Equal(c.OutChannels % 16 == 0 && c.InChannels % 16 == 0, plan!.Vector512 is not null);
                Assert.NotNull(plan.Vector256);
                Assert.NotNull(plan.Vector128);
            }
        }

        [Fact]
        public void Edge_layers_match_the_float64_reference()
        {
            Assert.Null(ConvLayerBatch.MismatchReport(EdgeCases(), new Random(Seed)));
        }

        /// <summary>
        /// Chunks and blocks as the cost estimate and the stack limits make them: the 64-channel layer on 56×56 in chunks whose
        /// transformed filters fit their 128 KB, every block's transformed input and sums within 64 KB, register tiles of
        /// two vectors where the chunk has an even number of vectors.
        /// </summary>
        [Fact]
        public void Paths_keep_their_stack_blocks_within_the_limits()
        {
            foreach (var c in EdgeCases().Append(Padded(64, 64, 56, 56)).Append(Padded(512, 512, 14, 14)))
            {
                var plan = NhwcWinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c))!;
                foreach (var path in plan.Paths)
                {
                    Assert.True(16L * path.FilterPlane * sizeof(float) <= NhwcWinogradPlanner.FilterBytes, $"{c} {path.Target.Name}: filters");
                    Assert.True(16L * path.InputPlane * sizeof(float) <= NhwcWinogradPlanner.InputBytes, $"{c} {path.Target.Name}: input");
                    Assert.True(16L * path.SumPlane * sizeof(float) <= NhwcWinogradPlanner.SumBytes, $"{c} {path.Target.Name}: sums");
                    Assert.Equal(0, c.OutChannels % path.OutChunk);
                    Assert.Equal(0, c.InChannels % path.InChunk);
                    Assert.Equal(path.OutChunk % (2 * path.Lanes) == 0 ? 2 : 1, path.GroupVectors);
                    Assert.True(path.GroupTiles <= path.BlockTiles && path.Blocks * path.BlockTiles >= path.Tiles);
                }
            }
        }

        /// <summary>
        /// The edge layers on two threads, each part a contiguous range of blocks of tiles (transforming the filters itself):
        /// bit for bit their one-thread twins, nothing written outside the output. The layers of one block run as one part.
        /// </summary>
        [Fact]
        public void Multi_threaded_layers_match_their_one_thread_twins()
        {
            var cases = EdgeCases().Select(c => c with { Threads = 2 }).ToList();
            foreach (var c in cases)
            {
                var path = NhwcWinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c))!.Vector256!;
                Assert.Equal(Math.Min(2, path.Blocks), path.Parts);
            }

            Assert.Contains(cases, c => NhwcWinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c))!.Vector256!.Parts == 2);
            Assert.Null(ThreadedTwins.MismatchReport(cases, new Random(Seed + 1)));
        }

        /// <summary>
        /// Layers that keep the layer's own NHWC kernel: fewer than 25 tiles (Winograd ran ResNet's 512 → 512 on 7×7 at 0.76×
        /// the window's speed), channels no path's lanes divide, strides, dilations, groups, windows other than 3×3, and NCHW
        /// layers (which have their own Winograd kernel).
        /// </summary>
        [Fact]
        public void Other_layers_keep_the_window()
        {
            var kept = new List<ConvCase>
            {
                Padded(512, 512, 7, 7),
                Padded(256, 256, 8, 8),
                Padded(12, 12, 30, 30),
                Padded(64, 64, 56, 56) with { StrideHeight = 2, StrideWidth = 2 },
                Padded(64, 64, 56, 56, pad: 2) with { DilationHeight = 2, DilationWidth = 2 },
                Padded(64, 64, 56, 56) with { Groups = 2 },
                new(64, 64, 56, 56, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Layout: TensorLayout.Nhwc),
                Padded(64, 64, 56, 56) with { Layout = TensorLayout.Nchw },
            };
            foreach (var c in kept)
            {
                Assert.Null(NhwcWinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)));
            }

            Assert.NotNull(NhwcWinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(Padded(64, 64, 56, 56))));
        }
    }
}
