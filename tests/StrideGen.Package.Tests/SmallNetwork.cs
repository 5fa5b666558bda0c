using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace StrideGen.Package.Tests
{
    /// <summary>
    /// The consumer's network, a convolution with a From-chained max pool, as source text and as a plain reference the test
    /// computes itself. Inputs, weights and biases are small integers, so every sum is exact in float whatever order the
    /// kernel adds in, and the printed values must match exactly.
    /// </summary>
    internal static class SmallNetwork
    {
        private const int InChannels = 2, OutChannels = 4, Size = 8, Kernel = 3, Padding = 1, Pool = 2;

        /// <summary>The consumer's Program.cs; <paramref name="moreTypes"/> go at its end.</summary>
        public static string Program(string moreTypes = "") => $$"""
            using System.Globalization;
            using StrideGen;

            var input = new float[Net.ConvShape.InputLength];
            for (int i = 0; i < input.Length; i++) input[i] = i * 7 % 11 - 5;
            var weights = new float[Net.ConvShape.WeightLength];
            for (int i = 0; i < weights.Length; i++) weights[i] = i * 5 % 7 - 3;
            var bias = new float[Net.ConvShape.BiasLength];
            for (int i = 0; i < bias.Length; i++) bias[i] = i - 1;

            var hidden = new float[Net.ConvShape.OutputLength];
            var pooled = new float[Net.PoolShape.OutputLength];
            Net.Conv(input, weights, bias, hidden);
            Net.Pool(hidden, pooled);

            Console.WriteLine($"conv {Net.ConvShape.OutChannels}x{Net.ConvShape.OutputHeight}x{Net.ConvShape.OutputWidth}, {Net.ConvShape.WeightLength} weights");
            Console.WriteLine($"pool {Net.PoolShape.Channels}x{Net.PoolShape.OutputHeight}x{Net.PoolShape.OutputWidth}");
            Console.WriteLine($"network {Net.NetworkSummary.TotalParameters} parameters, {Net.NetworkSummary.TotalMultiplyAccumulates} multiply-accumulates");
            Console.WriteLine("pooled " + string.Join(" ", pooled.Select(v => v.ToString(CultureInfo.InvariantCulture))));

            static partial class Net
            {
                [Conv2D(InChannels = 2, OutChannels = 4, InputHeight = 8, InputWidth = 8, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]
                public static partial void Conv(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

                [MaxPool2D(From = nameof(Conv), KernelSize = 2)]
                public static partial void Pool(ReadOnlySpan<float> input, Span<float> output);
            }
            {{moreTypes}}
            """;

        /// <summary>What <see cref="Program(string)"/> must print, computed here from the definitions of convolution, ReLU and max pooling.</summary>
        public static IReadOnlyList<string> ExpectedOutput()
        {
            var input = Fill(InChannels * Size * Size, i => i * 7 % 11 - 5);
            var weights = Fill(OutChannels * InChannels * Kernel * Kernel, i => i * 5 % 7 - 3);
            var bias = Fill(OutChannels, i => i - 1);

            var hidden = new long[OutChannels, Size, Size]; // padding 1 keeps 8×8 for a 3×3 kernel
            for (int o = 0; o < OutChannels; o++)
            {
                for (int y = 0; y < Size; y++)
                {
                    for (int x = 0; x < Size; x++)
                    {
                        long sum = bias[o];
                        for (int c = 0; c < InChannels; c++)
                        {
                            for (int ky = 0; ky < Kernel; ky++)
                            {
                                for (int kx = 0; kx < Kernel; kx++)
                                {
                                    int iy = y + ky - Padding, ix = x + kx - Padding;
                                    if (iy >= 0 && iy < Size && ix >= 0 && ix < Size)
                                    {
                                        sum += input[(c * Size + iy) * Size + ix] * weights[((o * InChannels + c) * Kernel + ky) * Kernel + kx];
                                    }
                                }
                            }
                        }

                        hidden[o, y, x] = Math.Max(sum, 0);
                    }
                }
            }

            const int pooledSize = Size / Pool;
            var pooled = new List<long>();
            for (int o = 0; o < OutChannels; o++)
            {
                for (int y = 0; y < pooledSize; y++)
                {
                    for (int x = 0; x < pooledSize; x++)
                    {
                        long max = long.MinValue;
                        for (int dy = 0; dy < Pool; dy++)
                        {
                            for (int dx = 0; dx < Pool; dx++)
                            {
                                max = Math.Max(max, hidden[o, y * Pool + dy, x * Pool + dx]);
                            }
                        }

                        pooled.Add(max);
                    }
                }
            }

            int weightCount = weights.Length;
            long parameters = weightCount + OutChannels;
            long macs = (long)OutChannels * Size * Size * InChannels * Kernel * Kernel;
            return new[]
            {
                $"conv {OutChannels}x{Size}x{Size}, {weightCount} weights",
                $"pool {OutChannels}x{pooledSize}x{pooledSize}",
                $"network {parameters} parameters, {macs} multiply-accumulates",
                "pooled " + string.Join(" ", pooled.Select(v => v.ToString(CultureInfo.InvariantCulture))),
            };
        }

        private static long[] Fill(int length, Func<int, long> value) => Enumerable.Range(0, length).Select(value).ToArray();
    }
}
