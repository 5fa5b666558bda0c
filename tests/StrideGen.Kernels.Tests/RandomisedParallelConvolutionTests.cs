using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// 60 random configurations declared with <c>Threads</c> = 2, 3 or 4, a third of them NHWC, each beside its one-thread
    /// twin in one compilation (AllowUnsafe on): every multi-threaded layer must match the float64 reference and its twin bit
    /// for bit, and write nothing outside its output. Under DOTNET_EnableAVX512=0, EnableAVX2=0 or EnableHWIntrinsic=0 the
    /// same cases exercise the narrower paths.
    /// </summary>
    public sealed class RandomisedParallelConvolutionTests
    {
        public const int Seed = 20261126;
        public const int CaseCount = 60;

        /// <summary>The multi-threaded cases: the randomised space with Threads 2–4 and every third case NHWC.</summary>
        public static List<ConvCase> Cases() =>
            RandomConvCases.Generate(Seed, CaseCount)
                .Select((c, i) => c with { Threads = 2 + i % 3, Layout = i % 3 == 1 ? TensorLayout.Nhwc : TensorLayout.Nchw })
                .ToList();

        [Fact]
        public void Random_multi_threaded_configurations_match_the_reference_and_their_one_thread_twins()
        {
            var cases = Cases();
            // Layer 2i is case i on its threads, layer 2i + 1 its one-thread twin.
            var layers = new ConvLayerBatch(cases.SelectMany(c => new[] { c, c with { Threads = 1 } }).ToList());
            var random = new Random(Seed);
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

            Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} configurations differ:\n" + string.Join("\n", failures.Take(12)));
        }
    }
}
