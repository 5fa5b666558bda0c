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
            AssertMatches(cases, peerChecked: 60);
        }

        /// <summary>
        /// Channel counts past the random cases' 40: each pixel's channels are read in passes of up to eight vectors, so
        /// these take several passes and a last pass of fewer vectors whose last one overlaps its neighbour, on every path.
        /// </summary>
        [Fact]
        public void Wide_channel_counts_take_several_passes_and_match_the_reference()
        {
            var cases = new List<PoolCase>
            {
                new(IsMax: false, Channels: 2048, InputHeight: 7, InputWidth: 7, KernelHeight: 7, KernelWidth: 7), // ResNet-50's global pool
                new(IsMax: true, Channels: 300, InputHeight: 9, InputWidth: 9, KernelHeight: 3, KernelWidth: 3, StrideHeight: 2, StrideWidth: 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
                new(IsMax: false, Channels: 200, InputHeight: 6, InputWidth: 6, KernelHeight: 3, KernelWidth: 3, StrideHeight: 1, StrideWidth: 1, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, CountIncludePad: true),
                new(IsMax: false, Channels: 288, InputHeight: 5, InputWidth: 5, KernelHeight: 3, KernelWidth: 3, StrideHeight: 1, StrideWidth: 1, PaddingMode: PaddingMode.Same),
                new(IsMax: true, Channels: 129, InputHeight: 6, InputWidth: 7, KernelHeight: 2, KernelWidth: 2),
                new(IsMax: true, Channels: 150, InputHeight: 9, InputWidth: 9, KernelHeight: 3, KernelWidth: 3, StrideHeight: 1, StrideWidth: 1, DilationHeight: 2, DilationWidth: 2),
                new(IsMax: false, Channels: 64, InputHeight: 4, InputWidth: 4, KernelHeight: 2, KernelWidth: 2),
                new(IsMax: false, Channels: 1027, InputHeight: 3, InputWidth: 3, KernelHeight: 3, KernelWidth: 3),
            };
            AssertMatches(cases.Select(c => c with { Layout = TensorLayout.Nhwc }).ToList(), peerChecked: cases.Count);
        }

        private static void AssertMatches(IReadOnlyList<PoolCase> cases, int peerChecked)
        {
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
                if (miss is null && i < peerChecked)
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
