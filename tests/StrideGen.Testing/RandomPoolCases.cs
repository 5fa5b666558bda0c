using System;
using System.Collections.Generic;

namespace StrideGen.Testing
{
    /// <summary>
    /// Random valid pooling configurations over the whole declared space: max and average, kernels 1–7 (also non-square),
    /// strides 1–4 or left to default to the kernel, dilations 1–3 (max), every padding mode and asymmetric explicit pads (each
    /// smaller than the kernel), ceil mode, CountIncludePad both ways (average), 1–40 channels, inputs 1–40 (also non-square).
    /// Deterministic for a seed.
    /// </summary>
    public static class RandomPoolCases
    {
        /// <summary>Keeps one case's float64 reference cheap; larger cases shrink their channel count.</summary>
        public const long MaxTaps = 600_000;

        public static List<PoolCase> Generate(int seed, int count)
        {
            var random = new Random(seed);
            var cases = new List<PoolCase>(count);
            while (cases.Count < count)
            {
                var c = Next(random);
                if (c.IsValid && c.Taps <= MaxTaps)
                {
                    cases.Add(c);
                }
            }

            return cases;
        }

        /// <summary>Values in [−1, 1); every sixteenth repeats its neighbour, so a max sees ties.</summary>
        public static float[] Values(Random random, int length)
        {
            var values = new float[length];
            for (int i = 0; i < length; i++)
            {
                values[i] = i > 0 && random.Next(16) == 0 ? values[i - 1] : (float)(random.NextDouble() * 2 - 1);
            }

            return values;
        }

        private static PoolCase Next(Random r)
        {
            bool isMax = r.Next(2) == 0;
            int kernelHeight = r.Next(1, 8);
            int kernelWidth = r.Next(4) == 0 ? r.Next(1, 8) : kernelHeight;

            int? strideHeight = null, strideWidth = null;
            switch (r.Next(10))
            {
                case 0:
                case 1:
                case 2:
                    break; // both default to the kernel size
                case 3:
                    strideWidth = Skewed(r, 1, 4); // only one axis written
                    break;
                default:
                    strideHeight = Skewed(r, 1, 4);
                    strideWidth = r.Next(4) == 0 ? Skewed(r, 1, 4) : strideHeight;
                    break;
            }

            int dilationHeight = 1, dilationWidth = 1;
            if (isMax && r.Next(3) == 0)
            {
                dilationHeight = r.Next(1, 4);
                dilationWidth = r.Next(3) == 0 ? r.Next(1, 4) : dilationHeight;
            }

            int inputHeight = r.Next(4) == 0 ? r.Next(1, 41) : r.Next(Math.Max(1, dilationHeight * (kernelHeight - 1)), 41);
            int inputWidth = r.Next(4) == 0 ? r.Next(1, 41) : r.Next(3) == 0 ? inputHeight : r.Next(Math.Max(1, dilationWidth * (kernelWidth - 1)), 41);

            var mode = r.Next(10) switch
            {
                < 6 => PaddingMode.Explicit,
                6 => PaddingMode.Valid,
                7 or 8 => PaddingMode.Same,
                _ => PaddingMode.SameLower,
            };
            int padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
            if (mode == PaddingMode.Explicit && r.Next(4) != 0)
            {
                if (r.Next(2) == 0)
                {
                    padTop = padBottom = padLeft = padRight = r.Next(0, Math.Min(kernelHeight, kernelWidth));
                }
                else
                {
                    padTop = r.Next(0, kernelHeight);
                    padBottom = r.Next(0, kernelHeight);
                    padLeft = r.Next(0, kernelWidth);
                    padRight = r.Next(0, kernelWidth);
                }
            }

            var c = new PoolCase(
                isMax, Skewed(r, 1, 40), inputHeight, inputWidth, kernelHeight, kernelWidth, strideHeight, strideWidth,
                dilationHeight, dilationWidth, mode, padTop, padBottom, padLeft, padRight,
                CeilMode: r.Next(3) == 0, CountIncludePad: !isMax && r.Next(2) == 0);

            while (c.Taps > MaxTaps && c.Channels > 1)
            {
                c = c with { Channels = c.Channels / 2 };
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
