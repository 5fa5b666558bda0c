using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Grouped layers whose groups have enough output channels to pack bands (AlexNet's 13×13 and 27×27 layers, RegNet's
    /// and ResNeXt's grouped 3×3 layers, ShuffleNet's grouped 1×1): each group is packed and run in turn, reading its own
    /// input channels and weights and writing its own output channels. Hand-picked layers and random ones run against the
    /// float64 reference, and multi-threaded twins (whole groups or each group's tiles per part) against their one-thread
    /// twins, bit for bit.
    /// </summary>
    public sealed class GroupedBandTests
    {
        private const int Seed = 20261128;

        /// <summary>Grouped layers the planner packs in bands on both the Vector512 and the Vector256 path.</summary>
        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // AlexNet's grouped 13×13 layer with fewer channels: 96 input channels a group do not fit one block (chunks),
            // the band ends in a dot product; bias and ReLU.
            new(192, 64, 13, 13, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 2, Activation: Activation.Relu, HasBias: true),
            // RegNet's stride-2 grouped layer: 3 groups of 48, a 7×7 output (4-lane packed vectors, a dot product at the end).
            new(48, 144, 14, 14, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 3),
            // AlexNet's grouped 5×5 layer with fewer channels.
            new(24, 64, 27, 27, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Groups: 2, Activation: Activation.Relu, HasBias: true),
            // ShuffleNet's grouped 1×1 layer; and 44 output channels a group, so each group ends in a remainder tile.
            new(60, 96, 28, 28, 1, 1, Groups: 3, HasBias: true),
            new(32, 88, 14, 14, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 2, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
        };

        [Fact]
        public void Grouped_edge_layers_are_packed_in_bands_on_both_vector_paths()
        {
            foreach (var c in EdgeCases())
            {
                var plan = ConvCaseDeclarations.PlanOf(c);
                Assert.True(plan.Vector512?.Band is not null, $"{c}: Vector512 is not banded");
                Assert.True(plan.Vector256?.Band is not null, $"{c}: Vector256 is not banded");
            }

            // The first is chunked within its group, and the last leaves each group a remainder tile.
            var first = ConvCaseDeclarations.PlanOf(EdgeCases()[0]).Vector512!;
            Assert.True(first.Band!.ChunkChannels < 96 && first.Band.Tail > 0);
            Assert.True(ConvCaseDeclarations.PlanOf(EdgeCases()[^1]).Vector512!.ChannelRemainder > 0);
        }

        [Fact]
        public void Grouped_edge_layers_match_the_float64_reference_and_stay_inside_their_spans()
        {
            var cases = EdgeCases();
            Assert.All(cases, c => Assert.True(c.IsValid, c.ToString()));
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed)));
        }

        /// <summary>Random grouped layers (2–4 groups of 32–64 output channels, stride 1 or 2), kept where the Vector512 path packs bands.</summary>
        [Fact]
        public void Random_grouped_banded_layers_match_the_float64_reference()
        {
            var random = new Random(Seed + 1);
            var cases = new List<ConvCase>();
            for (int attempt = 0; cases.Count < 24 && attempt < 2000; attempt++)
            {
                int groups = random.Next(2, 5), stride = random.Next(1, 3);
                int kernel = new[] { 1, 3, 3, 5 }[random.Next(4)];
                var mode = random.Next(2) == 0 ? PaddingMode.Same : PaddingMode.Explicit;
                int pad = mode == PaddingMode.Explicit ? kernel / 2 : 0;
                var c = new ConvCase(groups * random.Next(1, 41), groups * random.Next(32, 65), random.Next(5, 30), random.Next(5, 30), kernel, kernel, stride, stride,
                    PaddingMode: mode, PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad, Groups: groups,
                    Activation: (Activation)random.Next(4), LeakyReluSlope: 0.1f, HasBias: random.Next(2) == 0);
                if (c.IsValid && c.MultiplyAccumulates <= 20_000_000 && ConvCaseDeclarations.PlanOf(c).Vector512?.Band is not null)
                {
                    cases.Add(c);
                }
            }

            Assert.Equal(24, cases.Count);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 2), 12));
        }

        /// <summary>
        /// The edge layers on 2 and 3 threads (parts of whole groups where there are as many groups as threads, else of
        /// each group's channel tiles), each beside its one-thread twin: the same outputs bit for bit, and the reference's.
        /// </summary>
        [Fact]
        public void Multi_threaded_grouped_bands_match_their_one_thread_twins()
        {
            var cases = EdgeCases().SelectMany(c => new[] { c with { Threads = 2 }, c with { Threads = 3 } }).ToList();
            Assert.Contains(cases, c => ConvCaseDeclarations.PlanOf(c).Vector512!.Split!.Unit == StrideGen.Generators.Planning.WorkUnit.Groups);
            Assert.Contains(cases, c => ConvCaseDeclarations.PlanOf(c).Vector512!.Split!.Unit != StrideGen.Generators.Planning.WorkUnit.Groups);
            Assert.Null(ThreadedTwins.MismatchReport(cases, new Random(Seed + 3)));
        }
    }
}
