using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// 4×4, 5×5, 6×6 and 7×7 stride-2 layers run as Winograd on the Vector512 path (<see cref="TileRowWinogradPlan"/> with
    /// <see cref="WinogradAxisTransform"/>'s tables; the other paths keep the layer's own kernel, which CI checks with AVX2
    /// off). The tables are checked against the window's definition; hand-picked layers cover first layers of 1 and 3
    /// input channels, odd output sizes, a last group of fewer than 4 output channels, chunks of input channels with a
    /// smaller last one, rows of one to three vectors of tiles, padding from none to one less than the window (uneven,
    /// Same), bias and every activation; they and random layers run against the float64 reference, on two threads bit for
    /// bit against one, and three against ONNX Runtime.
    /// </summary>
    /// <remarks>
    /// Vector512-only kernels: CI's runs on the narrower paths leave this class out (trait Path = Vector512), since there
    /// these layers run the window kernels the other classes test.
    /// </remarks>
    [Trait("Path", "Vector512")]
    public sealed class WideStrideTwoWinogradTests
    {
        private const int Seed = 20261130;

        private static ConvCase Strided(int inChannels, int outChannels, int height, int width, int taps, int pad) =>
            new(inChannels, outChannels, height, width, taps, taps, 2, 2, PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad);

        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // ResNet's 7×7 stem on a 64×64 image: 3 input channels in one chunk, 16 tiles a row filling one vector, 32
            // output columns stored whole.
            Strided(3, 64, 64, 64, 7, 3),
            // Odd output height and width (31×31): the last tile row's lower output row and the last tile's right column are
            // outside the map; 42 output channels (the last group 2); bias and ReLU.
            Strided(3, 42, 61, 61, 7, 3) with { HasBias = true, Activation = Activation.Relu },
            // SqueezeNet's stem without padding on a band of its rows (19×61 from 43×127: 31 tiles a row in two vectors); 96
            // output channels; ReLU6.
            new(3, 96, 43, 127, 7, 7, 2, 2, Activation: Activation.Relu6),
            // 95-wide output rows: three vectors of tiles, the last one's outputs clipped to 31 columns; leaky ReLU.
            Strided(3, 16, 40, 190, 7, 3) with { Activation = Activation.LeakyRelu, LeakyReluSlope = 0.1f },
            // 13 input channels in chunks of 5, 5 and 3, the outputs read back and added to; 7 output channels (the last
            // group 3); bias.
            Strided(13, 7, 40, 128, 7, 3) with { HasBias = true },
            // Padding 6 all round, one less than the window: the first tile row reads mostly padding; 17 output channels
            // (the last group 1).
            Strided(4, 17, 58, 58, 7, 6),
            // Uneven padding: 3 on top and right, none below and on the left.
            new(4, 24, 50, 50, 7, 7, 2, 2, PadTop: 3, PadBottom: 0, PadLeft: 0, PadRight: 3),
            // A grayscale 7×7 stem: 1 input channel, 64×64 outputs.
            Strided(1, 32, 128, 128, 7, 3),
            // A 5×5 layer with 32 input channels in chunks; Same padding on an even map; leaky ReLU.
            new(32, 64, 56, 56, 5, 5, 2, 2, PaddingMode: PaddingMode.Same, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.2f),
            // A 5×5 layer padded 4 (one less than the window), 63 output columns; bias.
            Strided(16, 30, 59, 121, 5, 4) with { HasBias = true },
            // A DCGAN discriminator's 4×4 window at stride 2 padded 1, 64 → 128 channels on 64×64 (32×32 outputs).
            Strided(64, 128, 64, 64, 4, 1),
            // A 4×4 window padded 3 (one less than the window), 31 output columns, 45 output channels (the last group 1);
            // bias, ReLU.
            Strided(16, 45, 61, 59, 4, 3) with { HasBias = true, Activation = Activation.Relu },
            // YOLOv5's 6×6 stem at stride 2 padded 2, on a 64×64 image.
            Strided(3, 32, 64, 64, 6, 2),
            // A 6×6 window with uneven padding (5 on top, none below, 1 left, 4 right), 46 output channels; leaky ReLU.
            new(16, 46, 61, 63, 6, 6, 2, 2, PadTop: 5, PadBottom: 0, PadLeft: 1, PadRight: 4, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
        };

        /// <summary>
        /// Per axis, every (output j, tap k, input p): Σ over the terms of Bᵀ[t][p]·G[t][k]·Aᵀ[t][j] is 1 where p = 2j + k
        /// (output j at stride 2 meets input 2j + k through tap k) and 0 elsewhere; so on both axes the tile is the window.
        /// </summary>
        [Theory]
        [InlineData(3, 5)]
        [InlineData(4, 6)]
        [InlineData(5, 7)]
        [InlineData(6, 8)]
        [InlineData(7, 9)]
        public void Axis_transforms_compute_two_outputs_of_the_window_at_stride_2(int taps, int terms)
        {
            var axis = WinogradAxisTransform.For(taps);
            Assert.Equal(terms, axis.Terms);
            Assert.Equal(taps + 2, axis.Inputs);
            for (int j = 0; j < 2; j++)
            {
                for (int k = 0; k < taps; k++)
                {
                    for (int p = 0; p < axis.Inputs; p++)
                    {
                        double sum = Enumerable.Range(0, axis.Terms).Sum(t => axis.InputWeights[t][p] * axis.FilterWeights[t][k] * axis.OutputWeights[t][j]);
                        Assert.True(Math.Abs(sum - (p == 2 * j + k ? 1 : 0)) < 1e-12, $"{taps} taps: output {j}, tap {k}, input {p}: {sum}");
                    }
                }
            }
        }

        /// <summary>Each edge layer runs as stride-2 Winograd with its window's tables, and together they cover what they are for.</summary>
        [Fact]
        public void Edge_layers_run_as_stride_2_winograd_and_cover_the_cases_they_are_for()
        {
            var plans = EdgeCases().Select(c => (Case: c, Plan: Plan(c))).ToList();
            Assert.All(plans, p => Assert.True(p.Plan is not null && p.Plan.Taps == p.Case.KernelHeight, p.Case.ToString()));
            var all = plans.Select(p => p.Plan!).ToList();
            Assert.Contains(all, p => p.Taps == 4);
            Assert.Contains(all, p => p.Taps == 5);
            Assert.Contains(all, p => p.Taps == 6);
            Assert.Contains(all, p => p.Taps == 7);
            Assert.Contains(all, p => p.Shape.InChannels == 1);
            Assert.Contains(all, p => p.Shape.OutputHeight % 2 == 1 && p.Shape.OutputWidth % 2 == 1);
            Assert.Contains(all, p => p.Shape.OutChannels % 4 == 1);
            Assert.Contains(all, p => p.Shape.OutChannels % 4 == 2);
            Assert.Contains(all, p => p.Shape.OutChannels % 4 == 3);
            Assert.Contains(all, p => p.InChannelChunks > 1 && p.Shape.InChannels % p.InChannelChunk != 0);
            Assert.Contains(all, p => p.RowVectors == 3 && p.Shape.OutputWidth % 32 != 0);
            Assert.Contains(all, p => p.RowVectors == 1 && p.Shape.OutputWidth == 32);
            Assert.Contains(all, p => p.Shape.PadTop != p.Shape.PadBottom && p.Shape.PadLeft != p.Shape.PadRight);
            Assert.Contains(all, p => p.Shape.PadTop == p.Taps - 1);
            Assert.Contains(all, p => p.Shape.PadTop == 0 && p.Shape.PadBottom == 0);
        }

        /// <summary>
        /// ResNet's and SqueezeNet's 7×7 stems, a 5×5 stride-2 layer and the 4×4 stride-2 layers of pix2pix's encoder on
        /// 128×128 and of a DCGAN discriminator's first layer take the path; pix2pix's 4×4 layer on 32×32 (16 tiles a row:
        /// the estimate puts it at 0.74 of the window), a 7×7 window at stride 1, 9×9 and 1×7 windows, padding as large as
        /// the window, groups, dilation and NHWC do not.
        /// </summary>
        [Fact]
        public void Only_stride_2_layers_of_4_to_7_taps_run_as_wide_stride_2_winograd()
        {
            Assert.Equal(4, Plan(Strided(64, 128, 128, 128, 4, 1))?.Taps);
            Assert.Equal(4, Plan(Strided(3, 64, 64, 64, 4, 1))?.Taps);
            Assert.Null(Plan(Strided(256, 512, 32, 32, 4, 1)));
            Assert.Equal(7, Plan(Strided(3, 64, 224, 224, 7, 3))?.Taps);
            Assert.Equal(7, Plan(Strided(3, 96, 224, 224, 7, 0))?.Taps);
            Assert.Equal(5, Plan(Strided(32, 64, 112, 112, 5, 2))?.Taps);
            Assert.Null(Plan(Strided(3, 64, 224, 224, 7, 3) with { StrideHeight = 1, StrideWidth = 1 }));
            Assert.Null(Plan(Strided(3, 64, 224, 224, 9, 4)));
            Assert.Null(Plan(new ConvCase(16, 64, 64, 64, 1, 7, 2, 2, PadLeft: 3, PadRight: 3)));
            Assert.Null(Plan(Strided(3, 8, 30, 30, 7, 7)));
            Assert.Null(Plan(Strided(64, 64, 112, 112, 7, 3) with { Groups = 2 }));
            Assert.Null(Plan(Strided(3, 64, 224, 224, 7, 3) with { DilationHeight = 2, DilationWidth = 2, PadTop = 6, PadBottom = 6, PadLeft = 6, PadRight = 6 }));
            Assert.Null(Plan(Strided(3, 64, 224, 224, 7, 3) with { Layout = TensorLayout.Nhwc }));
        }

        private static TileRowWinogradPlan? Plan(ConvCase c) => TileRowWinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c));

        /// <summary>
        /// The stack blocks of ResNet's stem (155 KB) leave room on a thread of 512 KB, half of Windows' default. The layer
        /// run is a band of 16 of the stem's rows: its blocks, which depend on the row width, are the whole stem's.
        /// </summary>
        [Fact]
        public void The_stem_runs_on_a_thread_with_a_512_KB_stack()
        {
            var stem = Plan(Strided(3, 64, 224, 224, 7, 3))!;
            var c = Strided(3, 64, 16, 224, 7, 3);
            Assert.Equal(stem.StackFloats, Plan(c)!.StackFloats);
            Assert.True(stem.StackFloats * sizeof(float) <= 264 * 1024);
            Assert.Null(SmallStackRun.CheckAgainstReference(c, new Random(Seed)));
        }

        /// <summary>
        /// The edge layers on two threads (each part a contiguous range of tile rows) against the float64 reference, writing
        /// nothing outside their outputs, and bit for bit their one-thread twins (so those match the reference too).
        /// </summary>
        [Fact]
        public void Edge_layers_match_the_reference_on_two_threads_and_their_one_thread_twins_bit_for_bit()
        {
            var cases = EdgeCases().Select(c => c with { Threads = 2 }).ToList();
            Assert.All(cases, c => Assert.Equal(2, Plan(c)!.Parts));
            Assert.Null(ThreadedTwins.MismatchReport(cases, new Random(Seed + 1)));
        }

        /// <summary>
        /// Five edge layers against a real peer, ONNX Runtime's Conv on a one-node model (the activation applied to its
        /// output): the 7×7 stem, odd outputs with bias and ReLU, the 5×5 layer with Same padding and leaky ReLU, the 4×4
        /// layer padded 3 with bias and ReLU, and YOLOv5's 6×6 stem.
        /// </summary>
        [Fact]
        public void Edge_layers_agree_with_ONNX_Runtime()
        {
            var cases = new[] { EdgeCases()[0], EdgeCases()[1], EdgeCases()[8], EdgeCases()[11], EdgeCases()[12] };
            Assert.All(cases, c => Assert.NotNull(Plan(c)));
            Assert.Null(OnnxRuntimeCrossCheckTests.MismatchReport(cases, new Random(Seed + 4)));
        }

        /// <summary>
        /// Random 4×4, 5×5, 6×6 and 7×7 stride-2 layers, five of each (1–24 input and 1–48 output channels, maps up to 90,
        /// padding up to one less than the window a side, bias, activations, a quarter on two threads), kept where they run
        /// as stride-2 Winograd.
        /// </summary>
        [Fact]
        public void Random_wide_stride_2_winograd_layers_match_the_float64_reference()
        {
            var random = new Random(Seed + 2);
            var cases = new List<ConvCase>();
            for (int attempt = 0; cases.Count < RandomCount && attempt < 20000; attempt++)
            {
                int taps = 4 + cases.Count % 4; // 4, 5, 6 and 7 in turn
                var c = new ConvCase(random.Next(1, 25), random.Next(1, 49), random.Next(taps, 91), random.Next(taps, 91), taps, taps, 2, 2,
                    PadTop: random.Next(taps), PadBottom: random.Next(taps), PadLeft: random.Next(taps), PadRight: random.Next(taps),
                    Activation: (Activation)random.Next(4), LeakyReluSlope: 0.1f, HasBias: random.Next(2) == 0, Threads: random.Next(4) == 0 ? 2 : 1);
                if (c.IsValid && c.MultiplyAccumulates <= 4_000_000 && Plan(c) is not null)
                {
                    cases.Add(c);
                }
            }

            Assert.Equal(RandomCount, cases.Count);
            Assert.All(new[] { 4, 5, 6, 7 }, taps => Assert.Equal(RandomCount / 4, cases.Count(c => c.KernelHeight == taps)));
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 3), 12));
        }

        private const int RandomCount = 20;
    }
}
