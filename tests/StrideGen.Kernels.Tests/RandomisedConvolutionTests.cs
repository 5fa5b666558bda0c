using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// 500 random configurations over the whole declared space, each generated, compiled in-process, run and compared with
    /// the float64 reference. Under DOTNET_EnableAVX2=0 the same cases exercise the scalar path.
    /// </summary>
    public sealed class RandomisedConvolutionTests
    {
        public const int Seed = 20261125;
        public const int BatchSize = 100;

        public static IEnumerable<object[]> Batches() => Enumerable.Range(0, 5).Select(b => new object[] { b });

        [Theory]
        [MemberData(nameof(Batches))]
        public void Random_configurations_match_the_float64_reference(int batch)
        {
            var cases = RandomConvCases.Generate(Seed + batch, BatchSize);
            var layers = new ConvLayerBatch(cases);
            var random = new Random(Seed ^ batch);
            var failures = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var input = RandomConvCases.Values(random, c.InputLength);
                var weights = RandomConvCases.Values(random, c.WeightLength);
                var bias = c.HasBias ? RandomConvCases.Values(random, c.OutChannels) : null;
                var (expected, magnitude) = ConvReference.Compute(c, input, weights, bias);
                var output = layers.Invoke(i, input, weights, bias);
                string? miss = ConvReference.FirstMismatch(expected, magnitude, output.AsSpan(ConvLayerBatch.Guard, c.OutputLength));
                if (miss is null && !GuardsIntact(output, c.OutputLength))
                {
                    miss = "wrote outside the output span";
                }

                if (miss is not null)
                {
                    failures.Add($"{c}: {miss}");
                }
            }

            Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} configurations differ:\n" + string.Join("\n", failures.Take(12)));
        }

        private static bool GuardsIntact(float[] output, int length) =>
            output.AsSpan(0, ConvLayerBatch.Guard).ToArray().All(float.IsNaN)
            && output.AsSpan(ConvLayerBatch.Guard + length).ToArray().All(float.IsNaN);
    }
}
