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
            var failures = Mismatches(cases, new Random(Seed));

            Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} configurations differ from ONNX Runtime:\n" + string.Join("\n", failures.Take(12)));
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
