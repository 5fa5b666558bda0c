using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// The randomised reference comparison for <c>Layout = TensorLayout.Nhwc</c>: 300 random configurations over the whole
    /// declared space (the NCHW test's generator with the layout switched: input H×W×C, weights HWIO, output H×W×C) and 20
    /// hand-picked corners, each generated, compiled in-process, run and compared with the float64 reference. Under
    /// DOTNET_EnableAVX2=0 the same cases exercise the scalar path.
    /// </summary>
    public sealed class RandomisedNhwcConvolutionTests
    {
        public const int Seed = 20261207;
        public const int BatchSize = 100;

        public static IEnumerable<object[]> Batches() => Enumerable.Range(0, 3).Select(b => new object[] { b });

        /// <summary>The batch's configurations: the NCHW test's random space, every case declared NHWC.</summary>
        public static List<ConvCase> Cases(int batch) =>
            RandomConvCases.Generate(Seed + batch, BatchSize).Select(c => c with { Layout = TensorLayout.Nhwc }).ToList();

        [Theory]
        [MemberData(nameof(Batches))]
        public void Random_NHWC_configurations_match_the_float64_reference(int batch)
        {
            var cases = Cases(batch);
            var layers = new ConvLayerBatch(cases);
            var random = new Random(Seed ^ batch);
            var failures = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                string? miss = layers.CheckAgainstReference(i, random);
                if (miss is not null)
                {
                    failures.Add($"{cases[i]}: {miss}");
                }
            }

            Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} configurations differ:\n" + string.Join("\n", failures.Take(12)));
        }

        /// <summary>
        /// Hand-picked corners of the NHWC kernels: channel counts on either side of one and two vectors (the overlapping
        /// last vector, the scalar-only path), groups of 8 and 9 channels, depthwise with few channels and with a channel
        /// multiplier, padding-only rows and columns, a kernel as large as its input, 1×1 images, a long 1-D kernel, a
        /// heavily dilated one, and edge tiles whose windows lie wholly on padding.
        /// </summary>
        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            new(5, 1, 9, 11, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(4, 7, 8, 8, 3, 3, HasBias: true),
            new(3, 8, 10, 10, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu),
            new(6, 9, 7, 12, 2, 3, 2, 1),
            new(2, 17, 6, 20, 1, 1, HasBias: true),
            new(8, 33, 5, 9, 3, 3, PaddingMode: PaddingMode.Same),
            new(16, 16, 9, 9, 3, 3, Groups: 2, PadTop: 2, PadBottom: 0, PadLeft: 0, PadRight: 2),
            new(18, 18, 9, 9, 3, 3, Groups: 2, HasBias: true),
            new(8, 8, 11, 11, 3, 3, Groups: 8, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true),
            new(9, 9, 11, 13, 5, 5, Groups: 9, PaddingMode: PaddingMode.SameLower, Activation: Activation.Relu6),
            new(7, 7, 6, 6, 3, 3, Groups: 7, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(12, 24, 8, 8, 3, 3, Groups: 12, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true),
            new(3, 10, 5, 5, 3, 3, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, HasBias: true, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
            new(16, 16, 6, 6, 3, 3, Groups: 16, PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 4, HasBias: true),
            new(4, 12, 7, 7, 7, 7),
            new(10, 16, 1, 1, 1, 1, HasBias: true),
            new(10, 16, 1, 1, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(1, 8, 1, 400, 1, 16, 1, 4),
            new(6, 24, 30, 30, 7, 7, 1, 2, 3, 3, PadTop: 2, PadBottom: 9, PadLeft: 9, PadRight: 0),
            new(40, 40, 12, 12, 3, 3, Groups: 40, StrideHeight: 2, StrideWidth: 3, DilationHeight: 2, DilationWidth: 1, PaddingMode: PaddingMode.Same, HasBias: true),
            // Weights too large for one pass to keep in L1: input channels in chunks, partial sums in the output. A 14-wide
            // row (tiles of 5 at 0, 5 and 9: the one at 9 leaves column 9 to the one before), bias and ReLU (only the last
            // chunk activates; rows dilated 2, since undilated the layer runs as NHWC Winograd on the vector paths); a 9-wide
            // row whose edge tiles overlap; two groups; and a 1×1 layer, 8 columns in whole tiles.
            new(256, 32, 14, 14, 3, 3, DilationHeight: 2, PadTop: 2, PadBottom: 2, PadLeft: 1, PadRight: 1, HasBias: true, Activation: Activation.Relu),
            new(320, 16, 6, 9, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
            new(512, 32, 5, 7, 3, 3, Groups: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true),
            new(2048, 16, 3, 8, 1, 1, HasBias: true, Activation: Activation.Relu6),
            // Padding wider than a 1×1 window at stride 3 (found by a random run): the first two output columns' windows
            // lie wholly on the left padding, so their edge tile reads nothing; with and without a bias.
            new(32, 320, 7, 7, 1, 1, 3, 3, 1, 3, PadTop: 2, PadBottom: 0, PadLeft: 4, PadRight: 1),
            new(32, 40, 7, 7, 1, 1, 3, 3, PadTop: 2, PadBottom: 0, PadLeft: 4, PadRight: 1, HasBias: true, Activation: Activation.Relu6),
        };

        [Fact]
        public void Edge_NHWC_configurations_match_the_float64_reference()
        {
            var cases = EdgeCases().Select(c => c with { Layout = TensorLayout.Nhwc }).ToList();
            Assert.All(cases, c => Assert.True(c.IsValid, c.ToString()));
            var layers = new ConvLayerBatch(cases);
            var random = new Random(Seed);
            var failures = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                string? miss = layers.CheckAgainstReference(i, random);
                if (miss is not null)
                {
                    failures.Add($"{cases[i]}: {miss}");
                }
            }

            Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} configurations differ:\n" + string.Join("\n", failures));
        }

        [Fact]
        public void The_random_cases_cover_the_NHWC_kernel_shapes()
        {
            // Not vacuous: the cases reach depthwise, grouped, channel tails on either side of one vector, and bias.
            var cases = Enumerable.Range(0, 3).SelectMany(Cases).ToList();
            Assert.Equal(300, cases.Count);
            Assert.All(cases, c => Assert.Equal(TensorLayout.Nhwc, c.Layout));
            Assert.Contains(cases, c => c.Groups > 1 && c.Groups == c.InChannels && c.Groups == c.OutChannels && c.OutChannels >= 8);
            Assert.Contains(cases, c => c.Groups > 1 && c.Groups == c.InChannels && c.Groups == c.OutChannels && c.OutChannels < 8);
            Assert.Contains(cases, c => c.Groups > 1 && c.Groups != c.InChannels && c.OutChannels / c.Groups >= 8);
            Assert.Contains(cases, c => c.Groups == 1 && c.OutChannels > 8 && c.OutChannels % 8 != 0);
            Assert.Contains(cases, c => c.Groups == 1 && c.OutChannels < 8);
            Assert.Contains(cases, c => c.HasBias);
        }

        /// <summary>Runs layer <paramref name="index"/> on random tensors: null when it matches the reference and writes nothing outside its output.</summary>
    }
}
