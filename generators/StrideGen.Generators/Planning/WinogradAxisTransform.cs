using System;
using System.Collections.Generic;
using System.Linq;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// One axis of Winograd's minimal filtering F(2, r) for a window of <see cref="Taps"/> taps, each pair of outputs
    /// computed from the <see cref="Inputs"/> inputs under it with <see cref="Terms"/> products.
    /// <para>
    /// At stride 2 (3 to 7 taps) two outputs read d0 .. d(K+1). The even taps g0, g2, .. over the even inputs d0, d2, ..
    /// are a stride-1 filter of ceil(K / 2) taps, and the odd taps g1, g3, .. over d1, d3, .. one of floor(K / 2) taps; each
    /// phase is F(2, r) (Toom-Cook at the points 0, 1, −1, 2 and ∞), so the pair takes 5 products for 3 taps (the window
    /// 6), 6 for 4 (8: DCGAN's and PatchGAN's 4×4 windows), 7 for 5 (10), 8 for 6 (12: YOLOv5's 6×6 stem), 9 for 7 (14).
    /// </para>
    /// <para>
    /// At stride 1 (5 taps) two outputs read d0 .. d5, and F(2, 5) (the points 0, ±1, ±2 and ∞) takes 6 products where the
    /// window takes 10: a 2×2 tile 36 where it takes 100.
    /// </para>
    /// </summary>
    /// <remarks>
    /// Term t is the product (Σ_k Input[t][k]·d_k)·(Σ_k Filter[t][k]·g_k), added into y0 with weight Output[t][0] and into y1
    /// with Output[t][1]. On both axes a term is a pair of these, one a row, one a column, so a 2×2 tile of outputs takes
    /// Terms² products. The tables are checked against the window in the kernel tests.
    /// </remarks>
    internal sealed class WinogradAxisTransform
    {
        private static readonly WinogradAxisTransform Three = Build(3), Four = Build(4), Five = Build(5), Six = Build(6), Seven = Build(7), FiveStrideOne = BuildStrideOne(5);

        private WinogradAxisTransform(int taps, int stride, double[][] input, double[][] filter, double[][] output)
        {
            Taps = taps;
            Stride = stride;
            Input = input;
            Filter = filter;
            Output = output;
        }

        /// <summary>The window's taps along the axis (K).</summary>
        public int Taps { get; }

        /// <summary>The window's stride along the axis: 1 or 2.</summary>
        public int Stride { get; }

        /// <summary>Inputs a pair of outputs reads: K + 2 at stride 2, K + 1 at stride 1.</summary>
        public int Inputs => Taps + Stride;

        /// <summary>Products a pair of outputs takes.</summary>
        public int Terms => Input.Length;

        /// <summary>Bᵀ: per term, its weights on the inputs d0 .. d(K+1).</summary>
        public IReadOnlyList<double[]> InputWeights => Input;

        /// <summary>G: per term, its weights on the taps g0 .. g(K−1).</summary>
        public IReadOnlyList<double[]> FilterWeights => Filter;

        /// <summary>Aᵀ: per term, its weights in the outputs y0 and y1.</summary>
        public IReadOnlyList<double[]> OutputWeights => Output;

        private double[][] Input { get; }

        private double[][] Filter { get; }

        private double[][] Output { get; }

        /// <summary>The transform for a window of 3 to 7 taps at stride 2, or 5 taps at stride 1.</summary>
        public static WinogradAxisTransform For(int taps, int stride = 2) => (taps, stride) switch
        {
            (3, 2) => Three,
            (4, 2) => Four,
            (5, 2) => Five,
            (6, 2) => Six,
            (7, 2) => Seven,
            (5, 1) => FiveStrideOne,
            _ => throw new ArgumentOutOfRangeException(nameof(taps), taps, "3 to 7 taps at stride 2, 5 at stride 1"),
        };

        /// <summary>F(2, K) itself: the window at stride 1, the pair of outputs reading d0 .. dK.</summary>
        private static WinogradAxisTransform BuildStrideOne(int taps)
        {
            var (at, g, bt) = MinimalFilter(taps);
            var output = Enumerable.Range(0, bt.Length).Select(t => new[] { at[0][t], at[1][t] }).ToArray();
            return new WinogradAxisTransform(taps, 1, bt, g, output);
        }

        private static WinogradAxisTransform Build(int taps)
        {
            var input = new List<double[]>();
            var filter = new List<double[]>();
            var output = new List<double[]>();
            foreach (int phase in new[] { 0, 1 })
            {
                int r = phase == 0 ? (taps + 1) / 2 : taps / 2; // the even taps g0, g2, .. and the odd ones g1, g3, ..
                var (at, g, bt) = MinimalFilter(r);
                for (int t = 0; t < bt.Length; t++)
                {
                    var inputRow = new double[taps + 2];
                    for (int p = 0; p < bt[t].Length; p++)
                    {
                        inputRow[2 * p + phase] = bt[t][p]; // phase input p is d(2p + phase)
                    }

                    var filterRow = new double[taps];
                    for (int m = 0; m < g[t].Length; m++)
                    {
                        filterRow[2 * m + phase] = g[t][m]; // phase tap m is g(2m + phase)
                    }

                    input.Add(inputRow);
                    filter.Add(filterRow);
                    output.Add(new[] { at[0][t], at[1][t] });
                }
            }

            return new WinogradAxisTransform(taps, 2, input.ToArray(), filter.ToArray(), output.ToArray());
        }

        /// <summary>
        /// F(2, r) as (Aᵀ, G, Bᵀ): y = Aᵀ[(G·g) ⊙ (Bᵀ·d)] for y_j = Σ_m g_m·d_(j+m), j = 0, 1. Points 0, 1, −1, 2 and ∞
        /// (for 5 taps also −2), as many as r + 1 needs (Toom-Cook: Aᵀ and G from the points, G's rows scaled by the
        /// inverse of the point's distances to the other finite points, Bᵀ solved from the two, exactly, in rationals); a
        /// term's Bᵀ and G rows may both be negated, which leaves its product as it is.
        /// </summary>
        private static (double[][] At, double[][] G, double[][] Bt) MinimalFilter(int r) => r switch
        {
            1 => (
                new[] { new[] { 1.0, 0 }, new[] { 0.0, 1 } },
                new[] { new[] { 1.0 }, new[] { 1.0 } },
                new[] { new[] { 1.0, 0 }, new[] { 0.0, 1 } }),
            2 => (
                new[] { new[] { 1.0, 1, 0 }, new[] { 0.0, 1, 1 } },
                new[] { new[] { 1.0, 0 }, new[] { 1.0, 1 }, new[] { 0.0, 1 } },
                new[] { new[] { 1.0, -1, 0 }, new[] { 0.0, 1, 0 }, new[] { 0.0, -1, 1 } }),
            3 => (
                new[] { new[] { 1.0, 1, 1, 0 }, new[] { 0.0, 1, -1, 1 } },
                new[] { new[] { 1.0, 0, 0 }, new[] { 0.5, 0.5, 0.5 }, new[] { 0.5, -0.5, 0.5 }, new[] { 0.0, 0, -1 } },
                new[] { new[] { 1.0, 0, -1, 0 }, new[] { 0.0, 1, 1, 0 }, new[] { 0.0, -1, 1, 0 }, new[] { 0.0, 1, 0, -1 } }),
            4 => (
                new[] { new[] { 1.0, 1, 1, 1, 0 }, new[] { 0.0, 1, -1, 2, 1 } },
                new[]
                {
                    new[] { 0.5, 0, 0, 0 },
                    new[] { 0.5, 0.5, 0.5, 0.5 },
                    new[] { -1.0 / 6, 1.0 / 6, -1.0 / 6, 1.0 / 6 },
                    new[] { -1.0 / 6, -1.0 / 3, -2.0 / 3, -4.0 / 3 },
                    new[] { 0.0, 0, 0, 1 },
                },
                new[]
                {
                    new[] { 2.0, -1, -2, 1, 0 },
                    new[] { 0.0, 2, 1, -1, 0 },
                    new[] { 0.0, 2, -3, 1, 0 },
                    new[] { 0.0, 1, 0, -1, 0 },
                    new[] { 0.0, 2, -1, -2, 1 },
                }),
            5 => (
                new[] { new[] { 1.0, 1, 1, 1, 1, 0 }, new[] { 0.0, 1, -1, 2, -2, 1 } },
                new[]
                {
                    new[] { 0.25, 0, 0, 0, 0 },
                    new[] { 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6 },
                    new[] { 1.0 / 6, -1.0 / 6, 1.0 / 6, -1.0 / 6, 1.0 / 6 },
                    new[] { 1.0 / 24, 1.0 / 12, 1.0 / 6, 1.0 / 3, 2.0 / 3 },
                    new[] { 1.0 / 24, -1.0 / 12, 1.0 / 6, -1.0 / 3, 2.0 / 3 },
                    new[] { 0.0, 0, 0, 0, 1 },
                },
                new[]
                {
                    new[] { 4.0, 0, -5, 0, 1, 0 },
                    new[] { 0.0, 4, 4, -1, -1, 0 },
                    new[] { 0.0, -4, 4, 1, -1, 0 },
                    new[] { 0.0, -2, -1, 2, 1, 0 },
                    new[] { 0.0, 2, -1, -2, 1, 0 },
                    new[] { 0.0, 4, 0, -5, 0, 1 },
                }),
            _ => throw new ArgumentOutOfRangeException(nameof(r), r, "1 to 5 taps a phase"),
        };
    }
}
