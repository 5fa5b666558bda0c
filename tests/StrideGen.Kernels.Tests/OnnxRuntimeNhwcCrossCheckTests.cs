using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.OnnxPeer;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// NHWC layers against ONNX Runtime's (NCHW) Conv: the input is transposed H×W×C → C×H×W and the weights HWIO → OIHW
    /// before the peer runs, and its output C×H×W → H×W×C after; the fused activation is applied to the peer's output.
    /// The transposes are written out here with their own index arithmetic, so that the layouts the generated kernels
    /// assume are pinned by ONNX Runtime rather than by the test model's indexing.
    /// </summary>
    public sealed class OnnxRuntimeNhwcCrossCheckTests
    {
        private const int Seed = 7_100_003;

        [Fact]
        public void Sixty_random_NHWC_configurations_agree_with_ONNX_Runtime()
        {
            var cases = RandomConvCases.Generate(Seed, 60).Select(c => c with { Layout = TensorLayout.Nhwc }).ToList();
            var layers = new ConvLayerBatch(cases);
            var random = new Random(Seed);
            var failures = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var (input, weights, bias) = RandomConvCases.Tensors(random, c);

                var peerChw = OnnxRuntimePeer.RunConv(OnnxRuntimeCrossCheckTests.ToOperator(c), HwcToChw(input, c.InChannels, c.InputHeight, c.InputWidth), HwioToOihw(c, weights), bias);
                var peer = ChwToHwc(peerChw, c.OutChannels, c.OutputHeight, c.OutputWidth).Select(v => ConvReference.Activate(c, v)).ToArray();
                var (_, magnitude) = ConvReference.Compute(c, input, weights, bias);
                var ours = layers.Invoke(i, input, weights, bias).AsSpan(ConvLayerBatch.Guard, c.OutputLength);

                string? miss = ConvReference.FirstMismatch(peer, magnitude, ours);
                if (miss is not null)
                {
                    failures.Add($"{c}: {miss}");
                }
            }

            Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} configurations differ from ONNX Runtime:\n" + string.Join("\n", failures.Take(12)));
        }

        [Fact]
        public void The_transposes_move_each_value_to_its_NCHW_place()
        {
            // 2 channels × 2 rows × 3 columns, H×W×C: value = 100·channel + 10·row + column.
            var hwc = new float[12];
            for (int h = 0; h < 2; h++)
            {
                for (int w = 0; w < 3; w++)
                {
                    for (int ch = 0; ch < 2; ch++)
                    {
                        hwc[(h * 3 + w) * 2 + ch] = 100 * ch + 10 * h + w;
                    }
                }
            }

            float[] chw = HwcToChw(hwc, 2, 2, 3);
            Assert.Equal(new float[] { 0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112 }, chw);
            Assert.Equal(hwc, ChwToHwc(chw, 2, 2, 3));

            // Weights of a 1×2 kernel, 2 input → 3 output channels, HWIO: value = 100·o + 10·i + kw.
            var c = new ConvCase(2, 3, 4, 4, 1, 2, Layout: TensorLayout.Nhwc);
            var hwio = new float[12];
            for (int kw = 0; kw < 2; kw++)
            {
                for (int i = 0; i < 2; i++)
                {
                    for (int o = 0; o < 3; o++)
                    {
                        hwio[(kw * 2 + i) * 3 + o] = 100 * o + 10 * i + kw;
                    }
                }
            }

            Assert.Equal(new float[] { 0, 1, 10, 11, 100, 101, 110, 111, 200, 201, 210, 211 }, HwioToOihw(c, hwio));
        }

        /// <summary>H×W×C → C×H×W.</summary>
        private static float[] HwcToChw(float[] hwc, int channels, int height, int width)
        {
            var chw = new float[hwc.Length];
            for (int h = 0; h < height; h++)
            {
                for (int w = 0; w < width; w++)
                {
                    for (int ch = 0; ch < channels; ch++)
                    {
                        chw[(ch * height + h) * width + w] = hwc[(h * width + w) * channels + ch];
                    }
                }
            }

            return chw;
        }

        /// <summary>C×H×W → H×W×C.</summary>
        private static float[] ChwToHwc(float[] chw, int channels, int height, int width)
        {
            var hwc = new float[chw.Length];
            for (int ch = 0; ch < channels; ch++)
            {
                for (int h = 0; h < height; h++)
                {
                    for (int w = 0; w < width; w++)
                    {
                        hwc[(h * width + w) * channels + ch] = chw[(ch * height + h) * width + w];
                    }
                }
            }

            return hwc;
        }

        /// <summary>[KernelHeight, KernelWidth, InChannels/Groups, OutChannels] → [OutChannels, InChannels/Groups, KernelHeight, KernelWidth].</summary>
        private static float[] HwioToOihw(ConvCase c, float[] hwio)
        {
            int kh = c.KernelHeight, kw = c.KernelWidth, inPerGroup = c.InChannels / c.Groups, outs = c.OutChannels;
            var oihw = new float[hwio.Length];
            for (int y = 0; y < kh; y++)
            {
                for (int x = 0; x < kw; x++)
                {
                    for (int i = 0; i < inPerGroup; i++)
                    {
                        for (int o = 0; o < outs; o++)
                        {
                            oihw[((o * inPerGroup + i) * kh + y) * kw + x] = hwio[((y * kw + x) * inPerGroup + i) * outs + o];
                        }
                    }
                }
            }

            return oihw;
        }
    }
}
