using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.OnnxPeer;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// The randomised pooling comparison against a real peer: ONNX Runtime's MaxPool and AveragePool on one-node models built
    /// in memory, with the pads the test computes itself. A max must agree exactly, an average within 1e-5·Σ|x|/count + 1e-6.
    /// The layers are every fifth of the randomised tests' configurations (already compiled), run on inputs of their own.
    /// </summary>
    [Collection(PoolingCollection.Name)]
    public sealed class OnnxRuntimePoolingCrossCheckTests
    {
        private const int Seed = 7_000_022;

        private readonly PoolBatches batches;

        public OnnxRuntimePoolingCrossCheckTests(PoolBatches batches) => this.batches = batches;

        [Fact]
        public void Sixty_random_configurations_agree_with_ONNX_Runtime()
        {
            var picks = Picks();
            Assert.True(picks.Count >= 60, $"only {picks.Count} configurations");
            var random = new Random(Seed);
            var failures = new List<string>();
            foreach (var (layers, index) in picks)
            {
                var c = layers.Cases[index];
                var input = RandomPoolCases.Values(random, c.InputLength);
                var peer = OnnxRuntimePeer.RunPool(ToOperator(c), input).Select(v => (double)v).ToArray();
                var (_, magnitude) = PoolReference.Compute(c, input);
                var ours = layers.Invoke(index, input).Output.AsSpan(PoolLayerBatch.Guard, c.OutputLength);
                string? miss = PoolReference.FirstMismatch(c, peer, magnitude, ours);
                if (miss is not null)
                {
                    failures.Add($"{c}: {miss}");
                }
            }

            Assert.True(failures.Count == 0, $"{failures.Count} of {picks.Count} configurations differ from ONNX Runtime:\n" + string.Join("\n", failures.Take(12)));
        }

        [Fact]
        public void The_cross_checked_configurations_include_the_hard_cases()
        {
            var cases = Picks().Select(p => p.Layers.Cases[p.Index]).ToList();
            Assert.Contains(cases, c => c.IsMax && (c.DilationHeight > 1 || c.DilationWidth > 1));
            Assert.Contains(cases, c => c.CeilMode && c.OutputHeight > (c.InputHeight + c.Pads.Top + c.Pads.Bottom - c.KernelHeight) / c.RowStep + 1);
            Assert.Contains(cases, c => !c.IsMax && c.CountIncludePad && c.Pads.Top + c.Pads.Left > 0);
            Assert.Contains(cases, c => c.PaddingMode is PaddingMode.Same or PaddingMode.SameLower);
            Assert.Contains(cases, c => c.ColumnStep == 2 && c.OutputWidth >= 9);
            Assert.Contains(cases, c => c.ColumnStep == 1 && c.OutputWidth >= 9);
        }

        /// <summary>
        /// Every fifth random configuration. A window without any real cell (a dilated max pool on a tiny input) is −∞ here and
        /// float.MinValue in ONNX Runtime; the float64 reference test pins that case, so the peer comparison leaves it out.
        /// </summary>
        private List<(PoolLayerBatch Layers, int Index)> Picks() =>
            Enumerable.Range(0, PoolBatches.BatchCount)
                .SelectMany(b => Enumerable.Range(0, PoolBatches.BatchSize).Where(i => i % 5 == 0).Select(i => (Layers: batches.Random(b), Index: i)))
                .Where(p => !p.Layers.Cases[p.Index].HasEmptyWindow)
                .ToList();

        internal static PoolOperator ToOperator(PoolCase c)
        {
            var (top, bottom, left, right) = c.Pads;
            return new PoolOperator(
                c.IsMax, c.Channels, c.InputHeight, c.InputWidth, c.KernelHeight, c.KernelWidth, c.RowStep, c.ColumnStep,
                c.DilationHeight, c.DilationWidth, top, bottom, left, right, c.CeilMode, c.CountIncludePad);
        }
    }
}
