using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Depthwise layers on small maps, which run 32 channels at a time, copied to the stack with each pixel's channels
    /// contiguous and back around an NHWC block kernel (Vector512 and Vector256 paths; the narrower paths keep the layer's
    /// own kernel): NCHW layers with many taps on padding, NHWC layers whose channels crowd L1's sets. Hand-picked layers
    /// cover an overlapping last block, strides, dilation, uneven padding, maps and windows narrower than the transpose's
    /// 8×8 tiles, bias and activations; they and random ones run against the float64 reference.
    /// </summary>
    public sealed class ChannelBlockTests
    {
        private const int Seed = 20261127;

        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // ConvNeXt's 7×7 window on a 7×7 map, 40 channels: a whole block and one overlapping it by 24 channels.
            new(40, 40, 7, 7, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 40, HasBias: true),
            // EfficientNet's 5×5 window on a 7×7 map, ReLU6, no bias.
            new(64, 64, 7, 7, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Groups: 64, Activation: Activation.Relu6),
            // A 3×3 window on a 2×2 map: 4 pixels, fewer than a transpose tile, copied a float at a time.
            new(32, 32, 2, 2, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 32, HasBias: true),
            // 3×3 map, 48 channels, leaky ReLU.
            new(48, 48, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 48, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
            // A 7×7 window at stride 2 on 8×8: a 4×4 output.
            new(32, 32, 8, 8, 7, 7, 2, 2, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 32, HasBias: true, Activation: Activation.Relu),
            // A dilated 3×3 window on 7×7.
            new(33, 33, 7, 7, 3, 3, DilationHeight: 2, DilationWidth: 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Groups: 33),
            // An even 4×4 window with Same padding (1 before, 2 after) on 6×6.
            new(32, 32, 6, 6, 4, 4, PaddingMode: PaddingMode.Same, Groups: 32, HasBias: true),
            // One row: a 1×7 window on 1×8, 7 taps, fewer than a transpose tile.
            new(36, 36, 1, 8, 1, 7, PadLeft: 3, PadRight: 3, Groups: 36),
            // NHWC: MobileNetV1's 3×3 window on 7×7 with 128 channels (its 1024 put every pixel in one L1 set), bias, ReLU.
            new(128, 128, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 128, Activation: Activation.Relu, HasBias: true, Layout: TensorLayout.Nhwc),
            // NHWC: ConvNeXt's 7×7 window on 14×14, 384 channels; and a 3×3 stride-2 window from 9×9, 256 channels, leaky ReLU.
            new(384, 384, 14, 14, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 384, Layout: TensorLayout.Nhwc),
            new(256, 256, 9, 9, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 256, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f, Layout: TensorLayout.Nhwc),
        };

        [Fact]
        public void Edge_layers_run_in_channel_blocks()
        {
            Assert.All(EdgeCases(), c => Assert.True(ChannelBlockPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)) is not null, c.ToString()));
            Assert.True(ChannelBlockPlanner.Plan(ConvCaseDeclarations.ShapeOf(EdgeCases()[0]))!.HasOverlappingBlock);
        }

        /// <summary>
        /// ConvNeXt's 7×7 window on a 7×7 map reads real input in (4 + 5 + 6 + 7 + 6 + 5 + 4)² of 49² multiply-adds and runs
        /// in blocks; MobileNet's 3×3 window on 14×14, (2 + 3·12 + 2)² of 42², keeps its NCHW kernel, as does a layer with
        /// fewer channels than a block and one whose output is larger than 14×14.
        /// </summary>
        [Fact]
        public void Only_small_maps_with_many_taps_on_padding_run_in_blocks()
        {
            var convNext = ConvCaseDeclarations.ShapeOf(new(768, 768, 7, 7, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 768));
            Assert.Equal(37.0 * 37 / (49 * 49), ChannelBlockPlanner.RealTapShare(convNext), 12);
            Assert.NotNull(ChannelBlockPlanner.Plan(convNext));

            var mobileNet = ConvCaseDeclarations.ShapeOf(new(512, 512, 14, 14, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 512));
            Assert.Equal(40.0 * 40 / (42 * 42), ChannelBlockPlanner.RealTapShare(mobileNet), 12);
            Assert.Null(ChannelBlockPlanner.Plan(mobileNet));

            Assert.Null(ChannelBlockPlanner.Plan(ConvCaseDeclarations.ShapeOf(new(24, 24, 7, 7, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 24))));

            // NHWC: 1024 and 768 channels crowd L1's sets (1 and 4 of 64), 960 do not (16).
            ConvCase Nhwc(int channels) => new(channels, channels, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: channels, Layout: TensorLayout.Nhwc);
            Assert.NotNull(ChannelBlockPlanner.Plan(ConvCaseDeclarations.ShapeOf(Nhwc(1024))));
            Assert.NotNull(ChannelBlockPlanner.Plan(ConvCaseDeclarations.ShapeOf(Nhwc(768))));
            Assert.Null(ChannelBlockPlanner.Plan(ConvCaseDeclarations.ShapeOf(Nhwc(960))));
            Assert.Null(ChannelBlockPlanner.Plan(ConvCaseDeclarations.ShapeOf(new(64, 64, 15, 15, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 64))));
        }

        [Fact]
        public void Edge_layers_match_the_float64_reference_and_stay_inside_their_spans()
        {
            var cases = EdgeCases();
            Assert.All(cases, c => Assert.True(c.IsValid, c.ToString()));
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed)));
        }

        /// <summary>
        /// The edge layers on 2 and 3 threads, each part a contiguous range of channel blocks on the vector paths (the
        /// layer's own split below them), beside their one-thread twins: the same outputs bit for bit, and the reference's.
        /// </summary>
        [Fact]
        public void Multi_threaded_channel_blocks_match_their_one_thread_twins()
        {
            var cases = EdgeCases().SelectMany(c => new[] { c with { Threads = 2 }, c with { Threads = 3 } }).ToList();
            Assert.All(cases, c => Assert.True(ChannelBlockPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)) is { } plan && plan.Parts == Math.Min(c.Threads, plan.Blocks), c.ToString()));
            Assert.Null(ThreadedTwins.MismatchReport(cases, new Random(Seed + 3)));
        }

        /// <summary>Random depthwise layers on maps up to 14×14 (windows 2–7, stride 1–2, dilation 1–2; a quarter NHWC with 128–384 channels), kept where they run in blocks.</summary>
        [Fact]
        public void Random_channel_block_layers_match_the_float64_reference()
        {
            var random = new Random(Seed + 1);
            var cases = new List<ConvCase>();
            for (int attempt = 0; cases.Count < 24 && attempt < 5000; attempt++)
            {
                bool nhwc = random.Next(4) == 0;
                int channels = nhwc ? 128 * random.Next(1, 4) : random.Next(32, 100), kernel = random.Next(2, 8), stride = random.Next(1, 3), dilation = random.Next(1, 3);
                int pad = random.Next(0, kernel);
                var c = new ConvCase(channels, channels, random.Next(2, 15), random.Next(1, 15), kernel, random.Next(1, 8), stride, stride, dilation, dilation,
                    PadTop: pad, PadBottom: random.Next(0, kernel), PadLeft: pad, PadRight: random.Next(0, kernel), Groups: channels,
                    Activation: (Activation)random.Next(4), LeakyReluSlope: 0.1f, HasBias: random.Next(2) == 0, Layout: nhwc ? TensorLayout.Nhwc : TensorLayout.Nchw);
                if (c.IsValid && ChannelBlockPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)) is not null)
                {
                    cases.Add(c);
                }
            }

            Assert.Equal(24, cases.Count);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 2), 12));
        }
    }
}
