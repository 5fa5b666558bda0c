using System;
using StrideGen.Kernels.Fixtures;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>The generated entry checks each span once: wrong lengths and overlapping outputs throw before anything is written.</summary>
    public sealed class SpanCheckTests
    {
        // CifarStem: input 3×32×32 = 3072, weights 16×3×3×3 = 432, bias 16, output 16×32×32 = 16384.
        private const int Input = 3072, Weights = 432, Bias = 16, Output = 16384;

        [Theory]
        [InlineData("input", Input - 1)]
        [InlineData("input", Input + 1)]
        [InlineData("weights", Weights - 1)]
        [InlineData("bias", Bias + 1)]
        [InlineData("output", Output - 1)]
        [InlineData("output", 0)]
        public void A_span_of_the_wrong_length_throws_naming_it_and_both_lengths(string which, int length)
        {
            var input = new float[which == "input" ? length : Input];
            var weights = new float[which == "weights" ? length : Weights];
            var bias = new float[which == "bias" ? length : Bias];
            var output = new float[which == "output" ? length : Output];
            output.AsSpan().Fill(42f);

            var e = Assert.Throws<ArgumentException>(() => FixedLayers.CifarStem(input, weights, bias, output));

            int required = which switch { "input" => Input, "weights" => Weights, "bias" => Bias, _ => Output };
            Assert.Equal(which, e.ParamName);
            Assert.StartsWith($"{which} must hold {required} floats (", e.Message, StringComparison.Ordinal);
            Assert.Contains($"got {length}", e.Message, StringComparison.Ordinal);
            Assert.All(output, v => Assert.Equal(42f, v));
        }

        [Fact]
        public void The_length_message_spells_out_the_shape()
        {
            var e = Assert.Throws<ArgumentException>(() => FixedLayers.Picture7Stride1(new float[48], new float[9], new float[25]));
            Assert.StartsWith("input must hold 49 floats (1×7×7), got 48", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("input")]
        [InlineData("weights")]
        [InlineData("bias")]
        public void An_output_overlapping_an_input_throws(string which)
        {
            var e = Assert.Throws<ArgumentException>(() => CallWithOverlap(which));
            Assert.Equal("output", e.ParamName);
            Assert.Contains("output must not overlap " + which, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Neighbouring_but_disjoint_spans_are_accepted()
        {
            var arena = new float[Input + Weights + Bias + Output];
            var all = arena.AsSpan();
            FixedLayers.CifarStem(all.Slice(0, Input), all.Slice(Input, Weights), all.Slice(Input + Weights, Bias), all.Slice(Input + Weights + Bias, Output));
        }

        /// <summary>The named input at the start of one arena, the output starting on its last float.</summary>
        private static void CallWithOverlap(string which)
        {
            int length = which switch { "input" => Input, "weights" => Weights, _ => Bias };
            var arena = new float[length - 1 + Output].AsSpan();
            ReadOnlySpan<float> shared = arena.Slice(0, length);
            var output = arena.Slice(length - 1, Output);
            FixedLayers.CifarStem(
                which == "input" ? shared : new float[Input],
                which == "weights" ? shared : new float[Weights],
                which == "bias" ? shared : new float[Bias],
                output);
        }
    }
}
