using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Kernels.Fixtures;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Pooling layers generated at build time (as a consumer's are): against the float64 reference, hand-checked values,
    /// compile-time shape constants, and the entry's length and overlap checks.
    /// </summary>
    public sealed class PoolFixtureTests
    {
        private delegate void Layer(ReadOnlySpan<float> input, Span<float> output);

        public static IEnumerable<object[]> Layers() => new[]
        {
            new object[] { nameof(PoolLayers.MaxPool2x2) },
            new object[] { nameof(PoolLayers.ResNetMaxPool) },
            new object[] { nameof(PoolLayers.GlobalAvgPool7) },
            new object[] { nameof(PoolLayers.CeilAvgPool) },
            new object[] { nameof(PoolLayers.CeilMaxPool) },
            new object[] { nameof(PoolLayers.SameAvgPool) },
        };

        [Theory]
        [MemberData(nameof(Layers))]
        public void Build_time_pooling_layer_matches_the_float64_reference(string name)
        {
            var (c, layer) = Find(name);
            var input = RandomPoolCases.Values(new Random(name.Length * 7919), c.InputLength);
            var output = new float[c.OutputLength];
            output.AsSpan().Fill(float.NaN);
            layer(input, output);

            var (expected, magnitude) = PoolReference.Compute(c, input);
            Assert.Null(PoolReference.FirstMismatch(c, expected, magnitude, output));
        }

        [Fact]
        public void Shape_constants_are_compile_time_figures()
        {
            const int outputLength = PoolLayers.MaxPool2x2Shape.OutputLength; // a const: usable to size buffers at compile time
            Assert.Equal(8 * 14 * 14, outputLength);
            Assert.Equal(2, PoolLayers.MaxPool2x2Shape.StrideHeight); // the stride defaults to the kernel size
            Assert.Equal(8, PoolLayers.MaxPool2x2Shape.InChannels);
            Assert.Equal(8, PoolLayers.MaxPool2x2Shape.OutChannels);
            Assert.Equal((28, 28), (PoolLayers.ResNetMaxPoolShape.OutputHeight, PoolLayers.ResNetMaxPoolShape.OutputWidth));
            Assert.Equal((8, 9), (PoolLayers.CeilAvgPoolShape.OutputHeight, PoolLayers.CeilAvgPoolShape.OutputWidth));
            Assert.Equal((13, 14), (PoolLayers.CeilMaxPoolShape.OutputHeight, PoolLayers.CeilMaxPoolShape.OutputWidth));
            Assert.Equal((1, 1, 1, 1), (PoolLayers.SameAvgPoolShape.PadTop, PoolLayers.SameAvgPoolShape.PadBottom, PoolLayers.SameAvgPoolShape.PadLeft, PoolLayers.SameAvgPoolShape.PadRight));
            Assert.Equal(64, PoolLayers.GlobalAvgPool7Shape.OutputLength);
            Assert.Equal((7, 7), (PoolLayers.GlobalAvgPool7Shape.ReceptiveFieldHeight, PoolLayers.GlobalAvgPool7Shape.ReceptiveFieldWidth));
        }

        [Fact]
        public void A_two_by_two_max_pool_keeps_the_largest_of_each_block()
        {
            // Plane c holds 100·c + 28·row + column: the largest of each 2×2 block is its bottom-right cell.
            var input = new float[8 * 28 * 28];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = 100 * (i / 784) + i % 784;
            }

            var output = new float[8 * 14 * 14];
            PoolLayers.MaxPool2x2(input, output);
            for (int c = 0; c < 8; c++)
            {
                for (int r = 0; r < 14; r++)
                {
                    for (int col = 0; col < 14; col++)
                    {
                        Assert.Equal(100 * c + 28 * (2 * r + 1) + 2 * col + 1, output[(c * 14 + r) * 14 + col]);
                    }
                }
            }
        }

        [Fact]
        public void Padding_never_wins_a_max_even_when_every_input_is_negative()
        {
            var input = Enumerable.Repeat(-5f, 16 * 56 * 56).ToArray();
            var output = new float[16 * 28 * 28];
            PoolLayers.ResNetMaxPool(input, output);
            Assert.All(output, v => Assert.Equal(-5f, v));
        }

        [Fact]
        public void Ceil_mode_average_counts_padding_but_not_the_overhang_past_it()
        {
            // All ones: a window's average is (real cells) / (cells inside the padded input).
            var input = Enumerable.Repeat(1f, 8 * 14 * 16).ToArray();
            var output = new float[8 * 8 * 9];
            PoolLayers.CeilAvgPool(input, output);
            // Top-left window: rows −1..1 × columns −1..1, 4 real cells of 9 inside the padded input.
            Assert.Equal(4f / 9f, output[0], 6);
            // Bottom-right window: rows 13..15 × columns 15..17; rows 13 and 14 (padding) and columns 15 and 16 lie inside the
            // padded 16×18 input, row 15 and column 17 hang past it: 1 real cell of 2 × 2 = 4.
            Assert.Equal(1f / 4f, output[8 * 9 - 1], 6);
            // An interior window: 9 real cells of 9.
            Assert.Equal(1f, output[9 + 1], 6);
        }

        [Fact]
        public void Global_average_pool_is_the_mean_of_each_plane()
        {
            var input = new float[64 * 49];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = i % 49; // mean 24 in every plane
            }

            var output = new float[64];
            PoolLayers.GlobalAvgPool7(input, output);
            Assert.All(output, v => Assert.Equal(24f, v, 5));
        }

        [Theory]
        [InlineData("input", 8 * 28 * 28 - 1)]
        [InlineData("input", 8 * 28 * 28 + 1)]
        [InlineData("output", 8 * 14 * 14 - 1)]
        [InlineData("output", 0)]
        public void A_span_of_the_wrong_length_throws_naming_it_and_both_lengths(string which, int length)
        {
            var input = new float[which == "input" ? length : 6272];
            var output = new float[which == "output" ? length : 1568];
            output.AsSpan().Fill(42f);
            var e = Assert.Throws<ArgumentException>(() => PoolLayers.MaxPool2x2(input, output));
            Assert.Equal(which, e.ParamName);
            string shape = which == "input" ? "8×28×28" : "8×14×14";
            int required = which == "input" ? 6272 : 1568;
            Assert.StartsWith($"{which} must hold {required} floats ({shape}), got {length}", e.Message, StringComparison.Ordinal);
            Assert.All(output, v => Assert.Equal(42f, v));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(6272 - 1)]
        [InlineData(-1568 + 1)]
        public void An_output_overlapping_the_input_throws(int outputStart)
        {
            // One arena; the input at 1568, the output starting outputStart floats after it (negative: before it).
            var arena = new float[1568 + 6272 + 1568];
            var e = Assert.Throws<ArgumentException>(() =>
                PoolLayers.MaxPool2x2(arena.AsSpan(1568, 6272), arena.AsSpan(1568 + outputStart, 1568)));
            Assert.Equal("output", e.ParamName);
            Assert.Contains("output must not overlap input", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Neighbouring_but_disjoint_spans_are_accepted()
        {
            var arena = new float[1568 + 6272 + 1568];
            arena.AsSpan(1568, 6272).Fill(3f);
            PoolLayers.MaxPool2x2(arena.AsSpan(1568, 6272), arena.AsSpan(0, 1568));
            PoolLayers.MaxPool2x2(arena.AsSpan(1568, 6272), arena.AsSpan(1568 + 6272, 1568));
            Assert.All(arena.AsSpan(0, 1568).ToArray(), v => Assert.Equal(3f, v));
            Assert.All(arena.AsSpan(1568 + 6272).ToArray(), v => Assert.Equal(3f, v));
        }

        /// <summary>The fixture's declaration as a test case (its own arithmetic) and the layer.</summary>
        private static (PoolCase Case, Layer Run) Find(string name) => name switch
        {
            nameof(PoolLayers.MaxPool2x2) => (new PoolCase(true, 8, 28, 28, 2, 2), PoolLayers.MaxPool2x2),
            nameof(PoolLayers.ResNetMaxPool) => (new PoolCase(true, 16, 56, 56, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1), PoolLayers.ResNetMaxPool),
            nameof(PoolLayers.GlobalAvgPool7) => (new PoolCase(false, 64, 7, 7, 7, 7), PoolLayers.GlobalAvgPool7),
            nameof(PoolLayers.CeilAvgPool) => (new PoolCase(false, 8, 14, 16, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, CeilMode: true, CountIncludePad: true), PoolLayers.CeilAvgPool),
            nameof(PoolLayers.CeilMaxPool) => (new PoolCase(true, 24, 27, 28, 3, 3, 2, 2, CeilMode: true), PoolLayers.CeilMaxPool),
            nameof(PoolLayers.SameAvgPool) => (new PoolCase(false, 4, 17, 17, 3, 3, 1, 1, PaddingMode: PaddingMode.Same), PoolLayers.SameAvgPool),
            _ => throw new ArgumentException(name),
        };
    }
}
