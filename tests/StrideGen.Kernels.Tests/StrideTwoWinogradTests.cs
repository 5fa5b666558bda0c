using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// 3×3 stride-2 layers run as Winograd on the Vector512 path (<see cref="TileRowWinogradPlan"/>; the other paths keep
    /// the layer's own kernel, which CI checks with AVX2 off). Hand-picked layers cover odd output sizes (a last tile row or
    /// column half outside the map), a last group of fewer than 4 output channels, chunks of input channels with a smaller
    /// last one and a single chunk, rows of one, two and three vectors of tiles with and without a clipped last one, every
    /// padding up to 2 (none, uneven, Same), bias and every activation; they and random layers run against the float64
    /// reference, and on two threads bit for bit against one.
    /// </summary>
    /// <remarks>
    /// Vector512-only kernels: CI's runs on the narrower paths leave this class out (trait Path = Vector512), since there
    /// these layers run the window kernels the other classes test.
    /// </remarks>
    [Trait("Path", "Vector512")]
    public sealed class StrideTwoWinogradTests
    {
        private const int Seed = 20261129;

        private static ConvCase Strided(int inChannels, int outChannels, int height, int width, int pad = 1) =>
            new(inChannels, outChannels, height, width, 3, 3, 2, 2, PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad);

        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // ResNet's 64 → 128 downsampling layer on 56×56: input channels in 4 chunks of 16; 14 tiles a row in one vector, 28
            // output columns stored 16 + 12.
            Strided(64, 128, 56, 56),
            // Odd output height and width (31×31): the last tile row's lower output row and the last tile's right column are
            // outside the map; 42 output channels (the last group 2); bias and ReLU.
            Strided(48, 42, 61, 61) with { HasBias = true, Activation = Activation.Relu },
            // 95-wide output rows: three vectors of tiles, the last one's outputs clipped to 31 columns; leaky ReLU.
            Strided(48, 64, 40, 190) with { Activation = Activation.LeakyRelu, LeakyReluSlope = 0.1f },
            // 32-wide output rows: one whole vector of tiles, nothing clipped; bias.
            Strided(64, 64, 64, 64) with { HasBias = true },
            // No padding: 65×65 gives 32×32.
            new(64, 48, 65, 65, 3, 3, 2, 2),
            // Uneven padding: 2 on top and right, none below and on the left; ReLU6.
            new(48, 36, 63, 63, 3, 3, 2, 2, PadTop: 2, PadBottom: 0, PadLeft: 0, PadRight: 2, Activation: Activation.Relu6),
            // Padding 2 all round: the first tile row reads two rows of padding; bias.
            Strided(40, 64, 60, 60, pad: 2) with { HasBias = true },
            // Same padding on an even map (none on top and left, one below and right); leaky ReLU.
            new(64, 64, 56, 56, 3, 3, 2, 2, PaddingMode: PaddingMode.Same, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.2f),
            // 97 input channels in chunks of 25, 25, 25 and 22; 57 output channels (the last group one); bias and ReLU.
            Strided(97, 57, 62, 62) with { HasBias = true, Activation = Activation.Relu },
            // 16 input channels in one chunk: the outputs stored once, never read back.
            Strided(16, 96, 64, 64),
            // 320-wide rows (YOLO's stride-2 layers at 640): 80 tiles a row in five vectors leave room for fewer than 8
            // input channels a chunk, so 16 go in chunks of 6, 6 and 4; bias.
            Strided(16, 32, 16, 320) with { HasBias = true },
        };

        /// <summary>Each edge layer runs as stride-2 Winograd, and together they cover what they are for.</summary>
        [Fact]
        public void Edge_layers_run_as_stride_2_winograd_and_cover_the_cases_they_are_for()
        {
            var plans = EdgeCases().Select(c => (Case: c, Plan: TileRowWinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)))).ToList();
            Assert.All(plans, p => Assert.True(p.Plan is not null, p.Case.ToString()));
            var all = plans.Select(p => p.Plan!).ToList();
            Assert.Contains(all, p => p.Shape.OutputHeight % 2 == 1 && p.Shape.OutputWidth % 2 == 1);
            Assert.Contains(all, p => p.Shape.OutChannels % 4 == 1);
            Assert.Contains(all, p => p.Shape.OutChannels % 4 == 2);
            Assert.Contains(all, p => p.InChannelChunks > 1 && p.Shape.InChannels % p.InChannelChunk != 0);
            Assert.Contains(all, p => p.InChannelChunks == 1);
            Assert.Contains(all, p => p.InChannelChunk < 8);
            Assert.Contains(all, p => p.RowVectors == 3 && p.Shape.OutputWidth % 32 != 0);
            Assert.Contains(all, p => p.RowVectors == 1 && p.Shape.OutputWidth == 32);
            Assert.Contains(all, p => p.Shape.PadTop != p.Shape.PadBottom && p.Shape.PadLeft != p.Shape.PadRight);
            Assert.Contains(all, p => p.Shape.PadTop == 2 && p.Shape.PadLeft == 2);
            Assert.Contains(all, p => p.Shape.PadTop == 0 && p.Shape.PadBottom == 0);
        }

        /// <summary>
        /// Only 3×3 stride-2 NCHW layers with enough work for the transforms take the path: ResNet's downsampling layers on
        /// 56×56 do; a first layer with 3 input channels (MobileNet's stem), rows of 7 tiles (ResNet's 28 → 14 layer, 7 of 16
        /// lanes), stride 1, groups, dilation and NHWC do not; 5×5 windows take the wider tables.
        /// </summary>
        [Fact]
        public void Only_stride_2_layers_with_enough_work_run_as_stride_2_winograd()
        {
            Assert.NotNull(Plan(Strided(64, 128, 56, 56)));
            Assert.NotNull(Plan(Strided(128, 128, 56, 56)));
            Assert.NotNull(Plan(Strided(16, 32, 320, 320))); // YOLOv8n's 16 → 32 layer, in chunks under 8 input channels
            Assert.Null(Plan(Strided(3, 32, 224, 224)));
            Assert.Null(Plan(Strided(128, 256, 28, 28)));
            Assert.Null(Plan(Strided(64, 128, 56, 56) with { StrideHeight = 1, StrideWidth = 1 }));
            Assert.Equal(5, Plan(new ConvCase(64, 128, 56, 56, 5, 5, 2, 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2))?.Taps); // the wider tables (WideStrideTwoWinogradTests)
            Assert.Null(Plan(Strided(64, 128, 56, 56) with { Groups = 2 }));
            Assert.Null(Plan(Strided(64, 128, 56, 56) with { DilationHeight = 2, DilationWidth = 2, PadTop = 2, PadBottom = 2, PadLeft = 2, PadRight = 2 }));
            Assert.Null(Plan(Strided(64, 128, 56, 56) with { Layout = TensorLayout.Nhwc }));
        }

        private static TileRowWinogradPlan? Plan(ConvCase c) => TileRowWinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c));

        [Fact]
        public void Plans_keep_their_stack_blocks_within_264_KB_and_their_chunks_whole()
        {
            var layers = EdgeCases().Concat(new[]
            {
                Strided(64, 128, 56, 56), Strided(128, 128, 56, 56), Strided(32, 64, 416, 416), Strided(64, 128, 208, 208),
                Strided(128, 256, 104, 104), Strided(256, 256, 56, 56), Strided(96, 96, 300, 300), Strided(256, 64, 112, 112),
            });
            foreach (var c in layers)
            {
                if (Plan(c) is not { } plan)
                {
                    continue;
                }

                Assert.True(plan.StackFloats * sizeof(float) <= 264 * 1024, $"{c}: {plan}");
                Assert.InRange(plan.InChannelChunk, 1, c.InChannels);
                Assert.True(plan.PaddedRow >= c.InputWidth + c.Pads.Left + 1, c.ToString());
            }
        }

        /// <summary>The largest stack blocks a call takes leave room on a thread of 512 KB, half of Windows' default.</summary>
        [Fact]
        public void A_stride_2_winograd_layer_runs_on_a_thread_with_a_512_KB_stack()
        {
            var c = Strided(64, 128, 56, 56);
            Assert.NotNull(Plan(c));
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
        /// Three edge layers against a real peer, ONNX Runtime's Conv on a one-node model (the activation applied to its
        /// output): ResNet's layer, odd outputs with bias and ReLU, and Same padding with leaky ReLU.
        /// </summary>
        [Fact]
        public void Edge_layers_agree_with_ONNX_Runtime()
        {
            var cases = new[] { EdgeCases()[0], EdgeCases()[1], EdgeCases()[7] };
            Assert.All(cases, c => Assert.NotNull(Plan(c)));
            Assert.Null(OnnxRuntimeCrossCheckTests.MismatchReport(cases, new Random(Seed + 4)));
        }

        /// <summary>
        /// Random 3×3 stride-2 layers (8–96 input and 1–96 output channels, maps 12–90, padding 0–2 a side, bias,
        /// activations, a quarter on two threads), kept where they run as stride-2 Winograd.
        /// </summary>
        [Fact]
        public void Random_stride_2_winograd_layers_match_the_float64_reference()
        {
            var random = new Random(Seed + 2);
            var cases = new List<ConvCase>();
            for (int attempt = 0; cases.Count < RandomCount && attempt < 20000; attempt++)
            {
                var c = new ConvCase(random.Next(8, 97), random.Next(1, 97), random.Next(12, 91), random.Next(12, 91), 3, 3, 2, 2,
                    PadTop: random.Next(3), PadBottom: random.Next(3), PadLeft: random.Next(3), PadRight: random.Next(3),
                    Activation: (Activation)random.Next(4), LeakyReluSlope: 0.1f, HasBias: random.Next(2) == 0, Threads: random.Next(4) == 0 ? 2 : 1);
                if (c.IsValid && c.MultiplyAccumulates <= 4_000_000 && Plan(c) is not null)
                {
                    cases.Add(c);
                }
            }

            Assert.Equal(RandomCount, cases.Count);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 3), 12));
        }

        private const int RandomCount = 16;
    }
}
