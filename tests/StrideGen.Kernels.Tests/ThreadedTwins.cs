using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Testing;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Multi-threaded layers beside their one-thread twins in one compilation: each must match the float64 reference, write
    /// nothing outside its output, and equal its twin bit for bit (the parts run the one-thread kernel's tile methods).
    /// </summary>
    internal static class ThreadedTwins
    {
        /// <summary>
        /// <see cref="Mismatches"/> as one report for a test to assert null: "N of M configurations differ:" and the first
        /// <paramref name="shown"/> of them, or null when every case passes.
        /// </summary>
        public static string? MismatchReport(IReadOnlyList<ConvCase> cases, Random random, int shown = int.MaxValue)
        {
            var failures = Mismatches(cases, random);
            return failures.Count == 0 ? null : $"{failures.Count} of {cases.Count} configurations differ:\n" + string.Join("\n", failures.Take(shown));
        }

        /// <summary>"case: what differs" for each multi-threaded case that fails one of the three checks, on random tensors from <paramref name="random"/>.</summary>
        public static List<string> Mismatches(IReadOnlyList<ConvCase> cases, Random random)
        {
            // Layer 2i is case i on its threads, layer 2i + 1 its one-thread twin.
            var layers = new ConvLayerBatch(cases.SelectMany(c => new[] { c, c with { Threads = 1 } }).ToList());
            var failures = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var (input, weights, bias) = RandomConvCases.Tensors(random, c);
                var (expected, magnitude) = ConvReference.Compute(c, input, weights, bias);
                var output = layers.Invoke(2 * i, input, weights, bias);
                var twin = layers.Invoke(2 * i + 1, input, weights, bias);
                string? miss = ConvReference.FirstMismatch(expected, magnitude, output.AsSpan(ConvLayerBatch.Guard, c.OutputLength));
                if (miss is null && !ConvLayerBatch.GuardsIntact(output, c.OutputLength))
                {
                    miss = "wrote outside the output span";
                }

                for (int j = 0; miss is null && j < output.Length; j++)
                {
                    if (BitConverter.SingleToInt32Bits(output[j]) != BitConverter.SingleToInt32Bits(twin[j]))
                    {
                        miss = $"output {j - ConvLayerBatch.Guard} is {output[j]:R}, the one-thread twin's {twin[j]:R}";
                    }
                }

                if (miss is not null)
                {
                    failures.Add($"{c}: {miss}");
                }
            }

            return failures;
        }
    }
}
