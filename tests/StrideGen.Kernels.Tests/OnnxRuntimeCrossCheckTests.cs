using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.OnnxPeer;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// The same comparison as the randomised reference test, against a real peer: ONNX Runtime's Conv on a one-node model
    /// built in memory. The fused activation is applied to the peer's output, as a following ONNX node would.
    /// </summary>
    public sealed class OnnxRuntimeCrossCheckTests
    {
        private const int Seed = 7_000_001;

        [Fact]
        public void Sixty_random_configurations_agree_with_ONNX_Runtime()
        {
            var cases = RandomConvCases.Generate(Seed, 60);
            Assert.Null(MismatchReport(cases, new Random(Seed), 12));
        }

        /// <summary>
        /// <see cref="Mismatches"/> as one report for a test to assert null: "N of M configurations differ from ONNX Runtime:"
        /// and the first <paramref name="shown"/> of them, or null when every case agrees.
        /// </summary>
        internal static string? MismatchReport(IReadOnlyList<ConvCase> cases, Random random, int shown = int.MaxValue)
        {
            var failures = Mismatches(cases, random);
            return failures.Count == 0 ? null : $"{failures.Count} of {cases.Count} configurations differ from ONNX Runtime:\n" + string.Join("\n", failures.Take(shown));
        }

        /// <summary>"case: what differs" for each case whose generated layer differs from ONNX Runtime's Conv on random tensors from <paramref name="random"/>.</summary>
        internal static List<string> Mismatches(IReadOnlyList<ConvCase> cases, Random random)
        {
            var layers = new ConvLayerBatch(cases);
            var failures = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var (input, weights, bias) = RandomConvCases.Tensors(random, c);

                var peer = OnnxRuntimePeer.RunConv(ToOperator(c), input, weights, bias)
                    .Select(v => ConvReference.Activate(c, v)).ToArray();
                var (_, magnitude) = ConvReference.Compute(c, input, weights, bias);
                var ours = layers.Invoke(i, input, weights, bias).AsSpan(ConvLayerBatch.Guard, c.OutputLength);

                string? miss = ConvReference.FirstMismatch(peer, magnitude, ours);
                if (miss is not null)
                {
                    failures.Add($"{c}: {miss}");
                }
            }

            return failures;
        }

        internal static ConvOperator ToOperator(ConvCase c)
        {
            var (top, bottom, left, right) = c.Pads;
            return new ConvOperator(
                c.InChannels, c.OutChannels, c.InputHeight, c.InputWidth, c.KernelHeight, c.KernelWidth,
                c.StrideHeight, c.StrideWidth, c.DilationHeight, c.DilationWidth, top, bottom, left, right, c.Groups, c.HasBias);
        }
    }
}
