using System;
using System.Collections.Generic;

namespace StrideGen.Testing
{
    /// <summary>
    /// Random valid convolution configurations over the whole declared space: kernels 1–7 (also non-square), strides 1–4,
    /// dilations 1–3, every padding mode and asymmetric explicit pads, groups and depthwise, 1–70 channels, inputs 1–40
    /// (also non-square), every activation, with and without bias. Deterministic for a seed.
    /// </summary>
    public static class RandomConvCases
    {
        /// <summary>Keeps one case's float64 reference cheap; larger cases shrink their channel counts.</summary>
        public const long MaxMultiplyAccumulates = 1_500_000;

        public static List<ConvCase> Generate(int seed, int count) => Draw(seed, count, Next, MaxMultiplyAccumulates);

        /// <summary>
        /// The first <paramref name="count"/> configurations <paramref name="next"/> draws from a generator seeded with
        /// <paramref name="seed"/> that are valid and within <paramref name="maxMultiplyAccumulates"/>.
        /// </summary>
        public static List<ConvCase> Draw(int seed, int count, Func<Random, ConvCase> next, long maxMultiplyAccumulates)
        {
            var random = new Random(seed);
            var cases = new List<ConvCase>(count);
            while (cases.Count < count)
            {
                var c = next(random);
                if (c.IsValid && c.MultiplyAccumulates <= maxMultiplyAccumulates)
                {
                    cases.Add(c);
                }
            }

            return cases;
        }

        /// <summary>Input, weights and (when the layer has one) bias of random values for <paramref name="c"/>, drawn in that order.</summary>
        public static (float[] Input, float[] Weights, float[]? Bias) Tensors(Random random, ConvCase c) =>
            (Values(random, c.InputLength), Values(random, c.WeightLength), c.HasBias ? Values(random, c.OutChannels) : null);

        public static float[] Values(Random random, int length)
        {
            var values = new float[length];
            for (int i = 0; i < length; i++)
            {
                values[i] = (float)(random.NextDouble() * 2 - 1);
            }

            return values;
        }

        private static ConvCase Next(Random r)
        {
            int kernelHeight = r.Next(1, 8);
            int kernelWidth = r.Next(4) == 0 ? r.Next(1, 8) : kernelHeight;
            int strideHeight = Skewed(r, 1, 4);
            int strideWidth = r.Next(4) == 0 ? Skewed(r, 1, 4) : strideHeight;
            int dilationHeight = r.Next(3) == 0 ? r.Next(1, 4) : 1;
            int dilationWidth = r.Next(4) == 0 ? r.Next(1, 4) : dilationHeight;
            int inputHeight = r.Next(3) == 0 ? r.Next(1, 41) : r.Next(Math.Max(1, dilationHeight * (kernelHeight - 1)), 41);
            int inputWidth = r.Next(3) == 0 ? r.Next(1, 41) : r.Next(3) == 0 ? inputHeight : r.Next(Math.Max(1, dilationWidth * (kernelWidth - 1)), 41);

            var mode = (PaddingMode)r.Next(4);
            int padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
            if (mode == PaddingMode.Explicit && r.Next(4) != 0)
            {
                if (r.Next(2) == 0)
                {
                    padTop = padBottom = padLeft = padRight = r.Next(0, 4);
                }
                else
                {
                    padTop = r.Next(0, 4);
                    padBottom = r.Next(0, 4);
                    padLeft = r.Next(0, 4);
                    padRight = r.Next(0, 4);
                }
            }

            int groups = 1, inChannels, outChannels;
            switch (r.Next(5))
            {
                case 0: // depthwise
                    inChannels = outChannels = groups = Skewed(r, 1, 70);
                    break;
                case 1: // grouped
                    groups = r.Next(2, 5);
                    inChannels = groups * Skewed(r, 1, 70 / groups);
                    outChannels = groups * Skewed(r, 1, 70 / groups);
                    break;
                default:
                    inChannels = Skewed(r, 1, 70);
                    outChannels = Skewed(r, 1, 70);
                    break;
            }

            var c = new ConvCase(
                inChannels, outChannels, inputHeight, inputWidth, kernelHeight, kernelWidth,
                strideHeight, strideWidth, dilationHeight, dilationWidth, mode, padTop, padBottom, padLeft, padRight, groups,
                (Activation)r.Next(4), (float)Math.Round(r.NextDouble() * 0.3, 3), r.Next(2) == 0);

            // Shrink channel counts (keeping the grouping) until the float64 reference stays cheap.
            while (c.MultiplyAccumulates > MaxMultiplyAccumulates && (c.InChannels > c.Groups || c.OutChannels > c.Groups))
            {
                int g = c.Groups;
                c = c with
                {
                    InChannels = Math.Max(g, c.InChannels / 2 / g * g),
                    OutChannels = Math.Max(g, c.OutChannels / 2 / g * g),
                };
            }

            return c;
        }

        /// <summary>Small values more often than large ones, but the whole range reachable.</summary>
        private static int Skewed(Random r, int min, int max)
        {
            double u = r.NextDouble();
            return Math.Min(max, min + (int)(u * u * (max - min + 1)));
        }
    }
}
