using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.OnnxPeer;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Pooling in NHWC: random configurations declared with <c>Layout = TensorLayout.Nhwc</c>, run on the transposed image and
    /// compared (transposed back) with the NCHW float64 reference and with ONNX Runtime's NCHW pooling.
    /// </summary>
    public sealed class RandomisedNhwcPoolingTests
    {
        private const int Seed = 31_337;

        [Fact]
        public void Random_nhwc_pooling_matches_the_reference_and_ONNX_Runtime()
        {
            var cases = RandomPoolCases.Generate(Seed, 120).Select(c => c with { Layout = TensorLayout.Nhwc }).ToList();
            var layers = new PoolLayerBatch(cases);
            var random = new Random(Seed);
            var failures = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var chw = RandomConvCases.Values(random, c.InputLength);
                var (expected, magnitude) = PoolReference.Compute(c with { Layout = TensorLayout.Nchw }, chw);
                var hwcExpected = Layouts.ChwToHwc(expected, c.Channels, c.OutputHeight, c.OutputWidth);
                var hwcMagnitude = Layouts.ChwToHwc(magnitude, c.Channels, c.OutputHeight, c.OutputWidth);

                var (output, _) = layers.Invoke(i, Layouts.ChwToHwc(chw, c.Channels, c.InputHeight, c.InputWidth));
                var ours = output.AsSpan(PoolLayerBatch.Guard, c.OutputLength);
                string? miss = PoolReference.FirstMismatch(c, hwcExpected, hwcMagnitude, ours)
                    ?? (PoolLayerBatch.GuardsIntact(output, c.OutputLength) ? null : "wrote outside the output span");
                if (miss is null && i < 60)
                {
                    var peer = Layouts.ChwToHwc(OnnxRuntimePeer.RunPool(ToOperator(c), chw).Select(v => (double)v).ToArray(), c.Channels, c.OutputHeight, c.OutputWidth);
                    miss = PoolReference.FirstMismatch(c, peer, hwcMagnitude, ours) is { } peerMiss ? "against ONNX Runtime: " + peerMiss : null;
                }

                if (miss is not null)
                {
                    failures.Add($"{c}: {miss}");
                }
            }

            Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} NHWC pooling configurations differ:\n" + string.Join("\n", failures.Take(12)));
        }

        private static PoolOperator ToOperator(PoolCase c)
        {
            var (top, bottom, left, right) = c.Pads;
            return new PoolOperator(c.IsMax, c.Channels, c.InputHeight, c.InputWidth, c.KernelHeight, c.KernelWidth,
                c.RowStep, c.ColumnStep, c.DilationHeight, c.DilationWidth, top, bottom, left, right, c.CeilMode, c.CountIncludePad);
        }
    }
}
