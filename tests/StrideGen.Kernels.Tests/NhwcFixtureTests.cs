using System;
using System.Collections.Generic;
using StrideGen.Kernels.Fixtures;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>NHWC layers generated at build time (as a consumer's are) against the float64 reference, and against hand-placed values.</summary>
    public sealed class NhwcFixtureTests
    {
        private delegate void Layer(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        public static IEnumerable<object[]> Layers() => new[]
        {
            new object[] { nameof(NhwcLayers.Pointwise32To64) },
            new object[] { nameof(NhwcLayers.DepthwiseStride2) },
            new object[] { nameof(NhwcLayers.StemWithTail) },
            new object[] { nameof(NhwcLayers.DeepChunked) },
            new object[] { nameof(NhwcLayers.GroupsOfFour) },
            new object[] { nameof(NhwcLayers.GroupsOfSix) },
            new object[] { nameof(NhwcLayers.DepthwiseChannelBlocks) },
            new object[] { nameof(NhwcLayers.PackedChunks) },
        };

        [Theory]
        [MemberData(nameof(Layers))]
        public void Build_time_NHWC_layer_matches_the_float64_reference(string name)
        {
            var (c, layer) = Find(name);
            var random = new Random(name.Length * 104729);
            var (input, weights, bias) = RandomConvCases.Tensors(random, c);
            var output = new float[c.OutputLength];
            output.AsSpan().Fill(float.NaN); // every output must be written
            layer(input, weights, bias, output);

            var (expected, magnitude) = ConvReference.Compute(c, input, weights, bias);
            Assert.Null(ConvReference.FirstMismatch(expected, magnitude, output));
        }

        [Fact]
        public void Pointwise_NHWC_reads_channels_last_and_weights_HWIO()
        {
            // One 1 at pixel (3, 7), channel 5: every output is 0 except pixel (3, 7), whose channel o is weight [0, 0, 5, o].
            var input = new float[NhwcLayers.Pointwise32To64Shape.InputLength];
            input[(3 * 14 + 7) * 32 + 5] = 1f;
            var weights = new float[NhwcLayers.Pointwise32To64Shape.WeightLength];
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = i + 1;
            }

            var output = new float[NhwcLayers.Pointwise32To64Shape.OutputLength];
            NhwcLayers.Pointwise32To64(input, weights, output);

            for (int pixel = 0; pixel < 14 * 14; pixel++)
            {
                for (int o = 0; o < 64; o++)
                {
                    float expected = pixel == 3 * 14 + 7 ? 5 * 64 + o + 1 : 0f;
                    Assert.Equal(expected, output[pixel * 64 + o]);
                }
            }
        }

        [Fact]
        public void Depthwise_NHWC_equals_the_NCHW_layer_of_the_same_shape_on_transposed_tensors()
        {
            // FixedLayers.Depthwise is the same layer in NCHW: 32×28×28, 3×3, stride 2, Same, bias.
            var random = new Random(32);
            var hwc = RandomConvCases.Values(random, 28 * 28 * 32);
            var hwio = RandomConvCases.Values(random, 3 * 3 * 32);
            var bias = RandomConvCases.Values(random, 32);
            var chw = new float[hwc.Length];
            var oihw = new float[hwio.Length];
            for (int ch = 0; ch < 32; ch++)
            {
                for (int p = 0; p < 28 * 28; p++)
                {
                    chw[ch * 28 * 28 + p] = hwc[p * 32 + ch];
                }

                for (int tap = 0; tap < 9; tap++)
                {
                    oihw[ch * 9 + tap] = hwio[tap * 32 + ch];
                }
            }

            var nhwc = new float[14 * 14 * 32];
            var nchw = new float[32 * 14 * 14];
            NhwcLayers.DepthwiseStride2(hwc, hwio, bias, nhwc);
            FixedLayers.Depthwise(chw, oihw, bias, nchw);

            for (int ch = 0; ch < 32; ch++)
            {
                for (int p = 0; p < 14 * 14; p++)
                {
                    Assert.Equal(nchw[ch * 14 * 14 + p], nhwc[p * 32 + ch], 1e-5f); // both sum the same 9 products, in different orders
                }
            }
        }

        [Fact]
        public void The_length_message_spells_out_the_NHWC_shape()
        {
            var e = Assert.Throws<ArgumentException>(() => NhwcLayers.DepthwiseStride2(new float[28 * 28 * 32 - 1], new float[288], new float[32], new float[14 * 14 * 32]));
            Assert.StartsWith("input must hold 25088 floats (28×28×32), got 25087", e.Message, StringComparison.Ordinal);
            e = Assert.Throws<ArgumentException>(() => NhwcLayers.DepthwiseStride2(new float[28 * 28 * 32], new float[289], new float[32], new float[14 * 14 * 32]));
            Assert.StartsWith("weights must hold 288 floats (3×3×1×32), got 289", e.Message, StringComparison.Ordinal);
        }

        /// <summary>The fixture's declaration as a test case (its own arithmetic), and a call that ignores bias when the layer has none.</summary>
        private static (ConvCase Case, Layer Run) Find(string name) => name switch
        {
            nameof(NhwcLayers.Pointwise32To64) => (new ConvCase(32, 64, 14, 14, 1, 1, Layout: TensorLayout.Nhwc), (i, w, b, o) => NhwcLayers.Pointwise32To64(i, w, o)),
            nameof(NhwcLayers.DepthwiseStride2) => (new ConvCase(32, 32, 28, 28, 3, 3, 2, 2, PaddingMode: PaddingMode.Same, Groups: 32, HasBias: true, Layout: TensorLayout.Nhwc), NhwcLayers.DepthwiseStride2),
            nameof(NhwcLayers.StemWithTail) => (new ConvCase(3, 20, 32, 32, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true, Layout: TensorLayout.Nhwc), NhwcLayers.StemWithTail),
            nameof(NhwcLayers.DeepChunked) => (new ConvCase(256, 32, 14, 14, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true, Layout: TensorLayout.Nhwc), NhwcLayers.DeepChunked),
            nameof(NhwcLayers.GroupsOfFour) => (new ConvCase(32, 32, 20, 20, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 8, Layout: TensorLayout.Nhwc), (i, w, b, o) => NhwcLayers.GroupsOfFour(i, w, o)),
            nameof(NhwcLayers.GroupsOfSix) => (new ConvCase(24, 36, 17, 17, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 6, Activation: Activation.Relu6, HasBias: true, Layout: TensorLayout.Nhwc), NhwcLayers.GroupsOfSix),
            nameof(NhwcLayers.PackedChunks) => (new ConvCase(256, 128, 16, 16, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true, Layout: TensorLayout.Nhwc), NhwcLayers.PackedChunks),
            nameof(NhwcLayers.DepthwiseChannelBlocks) => (new ConvCase(128, 128, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 128, Activation: Activation.Relu, HasBias: true, Layout: TensorLayout.Nhwc), NhwcLayers.DepthwiseChannelBlocks),
            _ => throw new ArgumentException(name),
        };
    }
}
