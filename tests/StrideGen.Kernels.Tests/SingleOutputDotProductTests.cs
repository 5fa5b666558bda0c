using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Layers of one output position (a classifier as a 1×1 convolution, LeNet's C5, a 1×1 map's "same" 3×3 window), where
    /// every weight is read once: row by row where the weights are small enough to stay cached
    /// (<see cref="DotProductPlan.RowByRow"/>), and with every load aligned to the weights' own offset from a vector
    /// boundary (<see cref="DotProductPlan.Skewed"/>), the first and last vector of each row masked. The plan read as data,
    /// and the kernels against the float64 reference with the weights at each of 16 offsets in an array of NaN, so every
    /// skew a path can meet is run, and a masked lane that let a neighbour in would show.
    /// </summary>
    public sealed class SingleOutputDotProductTests
    {
        private const int Seed = 20261127;

        private static KernelPlan PlanOf(ConvCase c) => ConvCaseDeclarations.PlanOf(c);

        /// <summary>Floats of NaN around each span; the weights move through the first 16 of them.</summary>
        private const int Margin = 32;

        [Fact]
        public void Cached_weights_of_one_output_position_are_read_one_row_after_another()
        {
            // MobileNet's classifier (4 MB) and ResNet-50's (7.8 MB) on every path; 8 MB is the most.
            foreach (var c in new[] { new ConvCase(1024, 1000, 1, 1, 1, 1, HasBias: true), new ConvCase(2048, 1000, 1, 1, 1, 1, HasBias: true) })
            {
                Assert.All(PlanOf(c).VectorPlans, p => Assert.True(p.Dot is { RowByRow: true, Channels: 4, TilePositions: 1, Unroll: 4 }, $"{c} on {p.Target.Name}"));
            }

            // Inception's auxiliary head (9.4 MB) and VGG's fc7 as a 1×1 convolution (64 MB) stream from memory when the
            // cache has lost them: their rows in step keep more reads in flight. A 3×3 map's tiles reuse each weight row for
            // several positions: rows in step there too.
            foreach (var c in new[] { new ConvCase(128, 768, 5, 5, 5, 5), new ConvCase(4096, 4096, 1, 1, 1, 1) })
            {
                Assert.All(PlanOf(c).VectorPlans, p => Assert.True(p.Dot is { RowByRow: false, Skewed: true }, $"{c} on {p.Target.Name}"));
            }

            var head = PlanOf(new ConvCase(256, 84, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1));
            Assert.All(head.VectorPlans, p => Assert.True(p.Dot is { RowByRow: false, Skewed: false }, p.Target.Name));
        }

        [Fact]
        public void Windows_of_whole_vectors_on_one_position_load_aligned_to_the_weights()
        {
            // 1024 inputs a window are whole vectors on every path; 20 only of Vector128's; 400 (LeNet's C5) of all three.
            Assert.All(PlanOf(new ConvCase(1024, 1000, 1, 1, 1, 1)).VectorPlans, p => Assert.True(p.Dot!.Skewed, p.Target.Name));
            Assert.All(PlanOf(new ConvCase(16, 120, 5, 5, 5, 5)).VectorPlans, p => Assert.True(p.Dot!.Skewed, p.Target.Name));
            var short20 = PlanOf(new ConvCase(20, 40, 1, 1, 1, 1));
            Assert.All(short20.VectorPlans, p => Assert.Equal(20 % p.Target.Width == 0, p.Dot!.Skewed));
        }

        /// <summary>
        /// One-position layers of every kind the plans tell apart: row by row (with and without a bias, a channel count that
        /// leaves a remainder tile, an activation), rows in step past the cache budget, a window that is the whole input
        /// (copied whole), a 3×3 window on a 1×1 map (8 of 9 taps on padding), one gathered in chunks of input channels, and
        /// a window that is not whole vectors on the wider paths, and two threads.
        /// </summary>
        public static List<ConvCase> Layers() => new List<ConvCase>
        {
            new(256, 30, 1, 1, 1, 1, HasBias: true),
            new(512, 13, 1, 1, 1, 1, Activation: Activation.Relu),
            new(2048, 2050, 1, 1, 1, 1, HasBias: true),
            new(16, 30, 5, 5, 5, 5, Activation: Activation.Relu, HasBias: true),
            new(96, 21, 1, 1, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true),
            new(4096, 6, 1, 1, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
            new(20, 40, 1, 1, 1, 1),
            // Two threads over the output-channel tiles, rows one after another in each.
            new(1024, 100, 1, 1, 1, 1, HasBias: true, Threads: 2),
        };

        [Fact]
        public void The_kinds_are_what_the_layers_test()
        {
            var plans = Layers().Select(c => PlanOf(c).Vector512!.Dot!).ToList();
            Assert.True(plans[0].RowByRow && plans[0].Skewed);
            Assert.True(!plans[2].RowByRow && plans[2].Skewed, "2048 → 2050 passes 8 MB");
            Assert.True(plans[5].ChunkChannels < 4096 && plans[5].Skewed);
            Assert.False(plans[6].Skewed);
            var threaded = PlanOf(Layers()[7]).Vector512!;
            Assert.True(threaded.Dot!.RowByRow && threaded.Split is { Unit: WorkUnit.ChannelTiles });
        }

        [Fact]
        public void Every_weight_offset_matches_the_float64_reference()
        {
            var cases = Layers();
            var source = new StringBuilder("using System;\nusing StrideGen;\nnamespace Skewed;\npublic static partial class Layers\n{\n");
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                source.AppendLine(c.Declaration($"L{i}"));
                string bias = c.HasBias ? $"new ReadOnlySpan<float>(b!, {Margin}, {c.OutChannels}), " : "";
                source.AppendLine($"public static void Run{i}(float[] a, float[] w, int at, float[]? b, float[] o) => L{i}(new ReadOnlySpan<float>(a, {Margin}, {c.InputLength}), "
                    + $"new ReadOnlySpan<float>(w, at, {c.WeightLength}), {bias}new Span<float>(o, {Margin}, {c.OutputLength}));");
            }

            source.AppendLine("}");
            var assembly = LayerAssembly.Load(GeneratorHarness.Run(source.ToString(), "Skewed" + Guid.NewGuid().ToString("N"), allowUnsafe: true));
            var random = new Random(Seed);
            var failures = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var run = assembly.Method<Action<float[], float[], int, float[]?, float[]>>("Skewed.Layers", $"Run{i}");
                var (input, weights, bias) = RandomConvCases.Tensors(random, c);
                var (expected, magnitude) = ConvReference.Compute(c, input, weights, bias);
                for (int at = Margin - 16; at < Margin; at++)
                {
                    var w = Surrounded(weights, at);
                    var output = Surrounded(Enumerable.Repeat(float.NaN, c.OutputLength).ToArray(), Margin); // every output must be written
                    run(Surrounded(input, Margin), w, at, bias is null ? null : Surrounded(bias, Margin), output);
                    if (ConvReference.FirstMismatch(expected, magnitude, output.AsSpan(Margin, c.OutputLength)) is { } miss)
                    {
                        failures.Add($"{c}, weights {at - Margin + 16} floats in: {miss}");
                    }
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        }

        /// <summary><paramref name="values"/> at <paramref name="at"/> in an array of NaN reaching <see cref="Margin"/> floats past their end.</summary>
        private static float[] Surrounded(float[] values, int at)
        {
            var array = new float[at + values.Length + Margin];
            array.AsSpan().Fill(float.NaN);
            values.CopyTo(array.AsSpan(at));
            return array;
        }
    }
}
