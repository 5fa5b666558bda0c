using System;
using System.Collections.Generic;

namespace StrideGen.Testing
{
    /// <summary>
    /// Random valid convolution configurations shaped like the layers of real networks, where <see cref="RandomConvCases"/>
    /// keeps to small ones: channel counts of real networks up to 2048 (depthwise and grouped too), maps up to 112, mostly
    /// 3×3 and 1×1 windows but up to 11×11, strides 1–4, dilations up to 6, each tensor layout, packed weights and two
    /// threads. These reach the plans small layers never take: chunked and packed channel blocks, whole-plane regions,
    /// packed bands, rows read one after another. Spatially shrunk (as the sweep of real layers is) until a case's float64
    /// reference stays cheap. Deterministic for a seed.
    /// </summary>
    public static class RandomNetworkCases
    {
        /// <summary>Keeps one case's float64 reference (and the scalar path, under DOTNET_EnableAVX2=0) within tens of milliseconds.</summary>
        public const long MaxMultiplyAccumulates = 20_000_000;

        private static readonly int[] Channels =
            { 1, 3, 8, 16, 24, 32, 48, 64, 96, 120, 128, 144, 192, 256, 320, 384, 480, 512, 576, 768, 960, 1024, 1280, 2048 };

        private static readonly int[] MapSizes = { 1, 3, 5, 7, 8, 10, 13, 14, 17, 19, 28, 35, 38, 56, 112 };

        public static List<ConvCase> Generate(int seed, int count) => RandomConvCases.Draw(seed, count, Next, MaxMultiplyAccumulates);

        private static ConvCase Next(Random r)
        {
            int Pick(int[] values) => values[r.Next(values.Length)];
            int kernelHeight = r.Next(10) switch { < 4 => 3, < 6 => 1, 6 => 5, 7 => 7, 8 => r.Next(2, 12), _ => r.Next(1, 8) };
            int kernelWidth = r.Next(8) == 0 ? r.Next(1, 8) : kernelHeight;
            int strideHeight = r.Next(10) switch { < 6 => 1, < 9 => 2, _ => r.Next(3, 5) };
            int strideWidth = r.Next(8) == 0 ? r.Next(1, 4) : strideHeight;
            int dilationHeight = r.Next(10) == 0 ? r.Next(2, 7) : 1;
            int dilationWidth = r.Next(6) == 0 ? r.Next(1, 4) : dilationHeight;
            int inputHeight = r.Next(2) == 0 ? Pick(MapSizes) : r.Next(1, 80);
            int inputWidth = r.Next(3) == 0 ? r.Next(1, 80) : inputHeight;

            var mode = (PaddingMode)r.Next(4);
            int padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
            if (mode == PaddingMode.Explicit)
            {
                if (r.Next(3) != 0)
                {
                    padTop = padBottom = kernelHeight / 2 * dilationHeight;
                    padLeft = padRight = kernelWidth / 2 * dilationWidth;
                }
                else
                {
                    padTop = r.Next(0, 5);
                    padBottom = r.Next(0, 5);
                    padLeft = r.Next(0, 5);
                    padRight = r.Next(0, 5);
                }
            }

            int groups = 1, inChannels, outChannels;
            switch (r.Next(6))
            {
                case 0:
                case 1: // depthwise
                    inChannels = outChannels = groups = Pick(Channels);
                    break;
                case 2: // grouped: ResNeXt's 32, RegNet's 21, AlexNet's 2, ...
                    groups = Pick(new[] { 2, 4, 8, 16, 21, 32 });
                    inChannels = groups * r.Next(1, 50);
                    outChannels = groups * r.Next(1, 50);
                    break;
                default:
                    inChannels = Pick(Channels);
                    outChannels = Pick(Channels);
                    break;
            }

            var c = new ConvCase(
                inChannels, outChannels, inputHeight, inputWidth, kernelHeight, kernelWidth,
                strideHeight, strideWidth, dilationHeight, dilationWidth, mode, padTop, padBottom, padLeft, padRight, groups,
                (Activation)r.Next(4), (float)Math.Round(r.NextDouble() * 0.3, 3), r.Next(2) == 0,
                r.Next(4) == 0 ? TensorLayout.Nhwc : TensorLayout.Nchw, r.Next(8) == 0 ? 2 : 1, r.Next(5) == 0);

            // Shrink the map rather than the channels (which choose the plan), as the sweep of real layers does.
            while (c.MultiplyAccumulates > MaxMultiplyAccumulates && (c.InputHeight > 1 || c.InputWidth > 1))
            {
                c = c with { InputHeight = Math.Max(1, c.InputHeight * 3 / 4), InputWidth = Math.Max(1, c.InputWidth * 3 / 4) };
            }

            return c;
        }
    }
}
