using System;
using System.Collections.Generic;
using StrideGen.Kernels.Fixtures;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>Layers generated at build time (as a consumer's are) against the float64 reference, with hand-checked values for the classic picture.</summary>
    public sealed class FixedLayerTests
    {
        private delegate void Layer(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        public static IEnumerable<object[]> Layers() => new[]
        {
            new object[] { nameof(FixedLayers.Picture7Stride1) },
            new object[] { nameof(FixedLayers.Picture7Stride2) },
            new object[] { nameof(FixedLayers.Down) },
            new object[] { nameof(FixedLayers.LeNet1) },
            new object[] { nameof(FixedLayers.CifarStem) },
            new object[] { nameof(FixedLayers.ResNet3x3) },
            new object[] { nameof(FixedLayers.Depthwise) },
            new object[] { nameof(FixedLayers.Pointwise) },
            new object[] { nameof(FixedLayers.DepthwiseStride1) },
            new object[] { nameof(FixedLayers.ResNet56) },
            new object[] { nameof(FixedLayers.ResNetDown56) },
            new object[] { nameof(FixedLayers.ResNetDownsample) },
            new object[] { nameof(FixedLayers.ResNetStage4) },
            new object[] { nameof(FixedLayers.Irregular) },
            new object[] { nameof(FixedLayers.Stem7x7) },
            new object[] { nameof(FixedLayers.Signal) },
            new object[] { nameof(FixedLayers.SmallMapHead) },
            new object[] { nameof(FixedLayers.WideStride) },
            new object[] { nameof(FixedLayers.Depthwise5x5Stride2) },
            new object[] { nameof(FixedLayers.Depthwise5x5) },
            new object[] { nameof(FixedLayers.DepthwiseNarrowStride2) },
            new object[] { nameof(FixedLayers.AlexNetStem) },
            new object[] { nameof(FixedLayers.AlexNetFiveByFive) },
            new object[] { nameof(FixedLayers.InceptionSevenByOne) },
            new object[] { nameof(FixedLayers.ConvNeXtSevenBySeven) },
            new object[] { nameof(FixedLayers.DepthwiseSevenStride2) },
            new object[] { nameof(FixedLayers.DepthwiseChannelBlocks) },
            new object[] { nameof(FixedLayers.PackedSsdHead) },
            new object[] { nameof(FixedLayers.AtrousBranch) },
            new object[] { nameof(FixedLayers.AtrousWholePlane) },
            new object[] { nameof(FixedLayers.PatchEmbedding) },
            new object[] { nameof(FixedLayers.WaveNetDilation256) },
            new object[] { nameof(FixedLayers.Classifier) },
        };

        [Theory]
        [MemberData(nameof(Layers))]
        public void Build_time_layer_matches_the_float64_reference(string name)
        {
            var (c, layer) = Find(name);
            var random = new Random(name.Length * 7919);
            var (input, weights, bias) = RandomConvCases.Tensors(random, c);
            var output = new float[c.OutputLength];
            layer(input, weights, bias, output);

            var (expected, magnitude) = ConvReference.Compute(c, input, weights, bias);
            Assert.Null(ConvReference.FirstMismatch(expected, magnitude, output));
        }

        [Fact]
        public void Stride_two_keeps_every_other_output_of_stride_one()
        {
            var image = new float[49];
            for (int i = 0; i < image.Length; i++)
            {
                image[i] = i + 1;
            }

            float[] cross = { 0, 1, 0, 1, 1, 1, 0, 1, 0 };
            var dense = new float[25];
            var strided = new float[9];
            FixedLayers.Picture7Stride1(image, cross, dense);
            FixedLayers.Picture7Stride2(image, cross, strided);

            // The centre-cross sum of the window whose centre is (r, c) is 5 × the centre value 7r + c + 1.
            for (int r = 0; r < 5; r++)
            {
                for (int col = 0; col < 5; col++)
                {
                    Assert.Equal(5 * (7 * (r + 1) + (col + 1) + 1), dense[r * 5 + col]);
                }
            }

            for (int r = 0; r < 3; r++)
            {
                for (int col = 0; col < 3; col++)
                {
                    Assert.Equal(dense[2 * r * 5 + 2 * col], strided[r * 3 + col]);
                }
            }
        }

        /// <summary>The fixture's declaration as a test case (its own arithmetic), and a call that ignores bias when the layer has none.</summary>
        private static (ConvCase Case, Layer Run) Find(string name) => name switch
        {
            nameof(FixedLayers.Picture7Stride1) => (new ConvCase(1, 1, 7, 7, 3, 3), (i, w, b, o) => FixedLayers.Picture7Stride1(i, w, o)),
            nameof(FixedLayers.Picture7Stride2) => (new ConvCase(1, 1, 7, 7, 3, 3, 2, 2), (i, w, b, o) => FixedLayers.Picture7Stride2(i, w, o)),
            nameof(FixedLayers.Down) => (new ConvCase(1, 8, 28, 28, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1), (i, w, b, o) => FixedLayers.Down(i, w, o)),
            nameof(FixedLayers.LeNet1) => (new ConvCase(1, 6, 28, 28, 5, 5, Activation: Activation.Relu, HasBias: true), FixedLayers.LeNet1),
            nameof(FixedLayers.CifarStem) => (new ConvCase(3, 16, 32, 32, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true), FixedLayers.CifarStem),
            nameof(FixedLayers.ResNet3x3) => (new ConvCase(32, 32, 28, 28, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu6), (i, w, b, o) => FixedLayers.ResNet3x3(i, w, o)),
            nameof(FixedLayers.Depthwise) => (new ConvCase(32, 32, 28, 28, 3, 3, 2, 2, PaddingMode: PaddingMode.Same, Groups: 32, HasBias: true), FixedLayers.Depthwise),
            nameof(FixedLayers.Pointwise) => (new ConvCase(32, 48, 14, 14, 1, 1), (i, w, b, o) => FixedLayers.Pointwise(i, w, o)),
            nameof(FixedLayers.DepthwiseStride1) => (new ConvCase(16, 16, 56, 56, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 16, Activation: Activation.Relu6, HasBias: true), FixedLayers.DepthwiseStride1),
            nameof(FixedLayers.ResNet56) => (new ConvCase(16, 16, 56, 56, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1), (i, w, b, o) => FixedLayers.ResNet56(i, w, o)),
            nameof(FixedLayers.ResNetDown56) => (new ConvCase(16, 24, 56, 56, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1), (i, w, b, o) => FixedLayers.ResNetDown56(i, w, o)),
            nameof(FixedLayers.ResNetDownsample) => (new ConvCase(64, 128, 56, 56, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true), FixedLayers.ResNetDownsample),
            nameof(FixedLayers.ResNetStage4) => (new ConvCase(64, 64, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true), FixedLayers.ResNetStage4),
            nameof(FixedLayers.Irregular) => (new ConvCase(6, 9, 19, 23, 3, 5, 1, 2, 2, 1, PaddingMode.SameLower, Groups: 3, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.2f, HasBias: true), FixedLayers.Irregular),
            nameof(FixedLayers.Stem7x7) => (new ConvCase(3, 32, 64, 64, 7, 7, 2, 2, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3), (i, w, b, o) => FixedLayers.Stem7x7(i, w, o)),
            nameof(FixedLayers.Signal) => (new ConvCase(1, 8, 1, 400, 1, 16, 1, 4), (i, w, b, o) => FixedLayers.Signal(i, w, o)),
            nameof(FixedLayers.SmallMapHead) => (new ConvCase(64, 24, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true), FixedLayers.SmallMapHead),
            nameof(FixedLayers.WideStride) => (new ConvCase(3, 24, 100, 100, 11, 11, 4, 4, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Activation: Activation.Relu), (i, w, b, o) => FixedLayers.WideStride(i, w, o)),
            nameof(FixedLayers.Depthwise5x5Stride2) => (new ConvCase(24, 24, 14, 14, 5, 5, 2, 2, PaddingMode: PaddingMode.Same, Groups: 24), (i, w, b, o) => FixedLayers.Depthwise5x5Stride2(i, w, o)),
            nameof(FixedLayers.Depthwise5x5) => (new ConvCase(24, 24, 14, 14, 5, 5, PaddingMode: PaddingMode.Same, Groups: 24, Activation: Activation.Relu6, HasBias: true), FixedLayers.Depthwise5x5),
            nameof(FixedLayers.DepthwiseNarrowStride2) => (new ConvCase(24, 24, 14, 14, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 24, Activation: Activation.Relu6, HasBias: true), FixedLayers.DepthwiseNarrowStride2),
            nameof(FixedLayers.AlexNetStem) => (new ConvCase(3, 32, 67, 67, 11, 11, 4, 4, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Activation: Activation.Relu), (i, w, b, o) => FixedLayers.AlexNetStem(i, w, o)),
            nameof(FixedLayers.AlexNetFiveByFive) => (new ConvCase(24, 64, 27, 27, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Activation: Activation.Relu, HasBias: true), FixedLayers.AlexNetFiveByFive),
            nameof(FixedLayers.InceptionSevenByOne) => (new ConvCase(32, 32, 17, 17, 7, 1, PadTop: 3, PadBottom: 3), (i, w, b, o) => FixedLayers.InceptionSevenByOne(i, w, o)),
            nameof(FixedLayers.ConvNeXtSevenBySeven) => (new ConvCase(8, 8, 56, 56, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 8, HasBias: true), FixedLayers.ConvNeXtSevenBySeven),
            nameof(FixedLayers.DepthwiseSevenStride2) => (new ConvCase(4, 4, 56, 56, 7, 7, 2, 2, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 4), (i, w, b, o) => FixedLayers.DepthwiseSevenStride2(i, w, o)),
            nameof(FixedLayers.DepthwiseChannelBlocks) => (new ConvCase(40, 40, 7, 7, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 40, HasBias: true), FixedLayers.DepthwiseChannelBlocks),
            nameof(FixedLayers.PackedSsdHead) => (new ConvCase(64, 126, 5, 5, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true, PackedWeights: true), RunPacked),
            nameof(FixedLayers.AtrousBranch) => (new ConvCase(32, 64, 33, 33, 3, 3, DilationHeight: 12, DilationWidth: 12, PadTop: 12, PadBottom: 12, PadLeft: 12, PadRight: 12, Activation: Activation.Relu, HasBias: true), FixedLayers.AtrousBranch),
            nameof(FixedLayers.AtrousWholePlane) => (new ConvCase(48, 384, 19, 19, 3, 3, DilationHeight: 6, DilationWidth: 6, PadTop: 6, PadBottom: 6, PadLeft: 6, PadRight: 6), (i, w, b, o) => FixedLayers.AtrousWholePlane(i, w, o)),
            nameof(FixedLayers.WaveNetDilation256) => (new ConvCase(16, 32, 1, 2000, 1, 3, DilationWidth: 256, PadLeft: 256, PadRight: 256, Activation: Activation.LeakyRelu, HasBias: true), FixedLayers.WaveNetDilation256),
            nameof(FixedLayers.PatchEmbedding) => (new ConvCase(3, 64, 192, 192, 32, 32, StrideHeight: 32, StrideWidth: 32, HasBias: true), FixedLayers.PatchEmbedding),
            nameof(FixedLayers.Classifier) => (new ConvCase(1024, 100, 1, 1, 1, 1, HasBias: true), FixedLayers.Classifier),
            _ => throw new ArgumentException(name),
        };

        /// <summary><see cref="FixedLayers.PackedSsdHead"/> on weights packed by its generated method first, as a caller does once.</summary>
        private static void RunPacked(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
        {
            var packed = new float[weights.Length];
            FixedLayers.PackedSsdHeadPackWeights(weights, packed);
            FixedLayers.PackedSsdHead(input, packed, bias, output);
        }
    }
}
