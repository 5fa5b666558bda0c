using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// The split of a multi-threaded layer, read from its plan, over the randomised configurations on 2 to 5 threads: the
    /// parts cover every unit once, in order, none empty and no more than the threads; NCHW deals out whole groups or each
    /// group's channel tiles (all of them, remainder included), NHWC output rows; and a one-thread layer has no split.
    /// </summary>
    public sealed class WorkSplitTests
    {
        private static IEnumerable<(ConvCase Case, int Threads, ConvShape Shape)> Shapes()
        {
            var cases = RandomConvCases.Generate(RandomisedParallelConvolutionTests.Seed + 1, 200);
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                int threads = 2 + i % 4;
                var resolution = ConvGeometry.Resolve(new LayerDeclaration
                {
                    InChannels = c.InChannels, OutChannels = c.OutChannels, InputHeight = c.InputHeight, InputWidth = c.InputWidth,
                    KernelHeight = c.KernelHeight, KernelWidth = c.KernelWidth, StrideHeight = c.StrideHeight, StrideWidth = c.StrideWidth,
                    DilationHeight = c.DilationHeight, DilationWidth = c.DilationWidth, PaddingMode = (int)c.PaddingMode,
                    PadTop = c.PaddingMode == PaddingMode.Explicit ? c.PadTop : null, PadBottom = c.PaddingMode == PaddingMode.Explicit ? c.PadBottom : null,
                    PadLeft = c.PaddingMode == PaddingMode.Explicit ? c.PadLeft : null, PadRight = c.PaddingMode == PaddingMode.Explicit ? c.PadRight : null,
                    Groups = c.Groups, HasBias = c.HasBias, Threads = threads,
                });
                Assert.False(resolution.HasErrors, c.ToString());
                Assert.Equal(threads, resolution.Shape!.Threads);
                yield return (c, threads, resolution.Shape!);
            }
        }

        /// <summary>The most units any of the parts gets, as a share of all: ⌈units / parts⌉ / units.</summary>
        private static double LargestShare(int units, int threads)
        {
            int parts = Math.Min(units, threads);
            return (units + parts - 1) / parts / (double)units;
        }

        /// <summary>
        /// DeepLab's 33-row rate-6 ASPP layer was packed in 3 bands of 11 rows on its vector paths: 1 band against 2 ran 1.35×
        /// its one-thread speed, so its output channels were dealt instead, in halves (it now runs in window regions, whose
        /// parts always take channel tiles). Its rate-4 layer, a whole-plane band of 33 rows (an odd number: one), deals its
        /// 128 output channels; a 56-row layer's bands still are dealt.
        /// </summary>
        [Fact]
        public void Bands_that_divide_unevenly_deal_channel_tiles_instead()
        {
            static KernelPlan Plan(int channels, int size, int dilation) => KernelPlanner.Plan(ConvGeometry.Resolve(new LayerDeclaration
            {
                InChannels = channels, OutChannels = channels, InputHeight = size, InputWidth = size, KernelHeight = 3, KernelWidth = 3,
                DilationHeight = dilation, DilationWidth = dilation, PadTop = dilation, PadBottom = dilation, PadLeft = dilation, PadRight = dilation, Threads = 2,
            }).Shape!);

            var aspp = Plan(128, 33, 4);
            var banded = aspp.VectorPlans.Where(p => p.Band is not null).ToList();
            Assert.NotEmpty(banded);
            foreach (var p in banded)
            {
                Assert.Equal(1, (aspp.OutputHeight / p.Band!.Rows) % 2); // an odd number of bands: the case in question
                Assert.Equal(WorkUnit.ChannelTiles, p.Split!.Unit);
                Assert.Equal(2, p.Split.Parts);
                Assert.True(Math.Abs(p.Split.First(1) * 2 - p.Split.Units) <= 1, $"{p.Target.Name}: part 1 starts at tile {p.Split.First(1)} of {p.Split.Units}");
            }

            var even = Plan(64, 28, 1).VectorPlans.Where(p => p.Band is { } band && 28 / band.Rows % 2 == 0).ToList();
            Assert.NotEmpty(even);
            Assert.All(even, p => Assert.Equal(WorkUnit.Rows, p.Split!.Unit));
        }

        [Fact]
        public void Every_NCHW_path_deals_each_unit_to_exactly_one_part()
        {
            var problems = new List<string>();
            foreach (var (c, threads, shape) in Shapes())
            {
                var plan = KernelPlanner.Plan(shape);
                var splits = plan.VectorPlans.Select(p => (p.Target.Name, p.ChannelTile, p.Split, Bands: p.Band is { } band ? plan.OutputHeight / band.Rows : 0))
                    .Append(("Scalar", plan.ScalarChannelTile, plan.ScalarSplit, 0));
                foreach (var (path, tile, split, bands) in splits)
                {
                    if (split is null)
                    {
                        problems.Add($"{c} on {threads} threads: the {path} path has no split");
                        continue;
                    }

                    int groups = c.Groups, perGroup = c.OutChannels / c.Groups;
                    int tiles = (perGroup + tile - 1) / tile; // whole tiles and the remainder
                    // A packed-band path deals whole bands when there are enough of them for every thread (each part packs its own)
                    // and they divide among the threads about as evenly as the channel tiles would (3 bands on 2 threads do not).
                    int tileUnits = groups >= threads || groups >= tiles ? groups : tiles;
                    bool byBands = bands >= threads && LargestShare(bands, threads) <= LargestShare(tileUnits, threads) + 0.05;
                    int units = byBands ? bands : split.Unit == WorkUnit.Groups ? groups : tiles;
                    if (split.Unit == WorkUnit.Rows != byBands || split.Units != units)
                    {
                        problems.Add($"{c}: {path} splits {split.Units} {split.Unit}, the layer has {groups} group(s) of {tiles} tile(s) and {bands} band(s)");
                    }

                    // The parts together must be as many as the threads allow: no fewer than a split of the other unit would give.
                    int best = Math.Min(threads, byBands ? bands : Math.Max(groups, tiles));
                    if (split.Parts != best)
                    {
                        problems.Add($"{c}: {path} runs {split.Parts} part(s) on {threads} threads; {groups} group(s) of {tiles} tile(s) allow {best}");
                    }

                    problems.AddRange(Cover(split).Select(p => $"{c}: {path}: {p}"));
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(12)));
        }

        [Fact]
        public void NHWC_deals_output_rows_to_the_parts()
        {
            var problems = new List<string>();
            foreach (var (c, threads, shape) in Shapes())
            {
                var plan = NhwcKernelPlanner.Plan(shape with { Layout = LayoutKind.Nhwc });
                if (plan.RowSplit is not { Unit: WorkUnit.Rows } split || split.Units != c.OutputHeight || split.Parts != Math.Min(threads, c.OutputHeight))
                {
                    problems.Add($"{c} on {threads} threads: NHWC split {plan.RowSplit}, the output has {c.OutputHeight} row(s)");
                    continue;
                }

                problems.AddRange(Cover(split).Select(p => $"{c}: {p}"));
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(12)));
        }

        [Fact]
        public void A_one_thread_layer_has_no_split()
        {
            var shape = ConvGeometry.Resolve(new LayerDeclaration { InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3 }).Shape!;

            var plan = KernelPlanner.Plan(shape);
            Assert.False(plan.IsSplit);
            Assert.All(plan.VectorPlans, p => Assert.Null(p.Split));
            Assert.Null(NhwcKernelPlanner.Plan(shape with { Layout = LayoutKind.Nhwc }).RowSplit);
        }

        /// <summary>What is wrong with the ranges [First(p), First(p + 1)): each non-empty, in order, together exactly [0, Units).</summary>
        private static IEnumerable<string> Cover(WorkSplit split)
        {
            if (split.First(0) != 0 || split.First(split.Parts) != split.Units)
            {
                yield return $"parts cover [{split.First(0)}, {split.First(split.Parts)}) of {split.Units} {split.Unit}";
            }

            for (int part = 0; part < split.Parts; part++)
            {
                if (split.First(part + 1) <= split.First(part))
                {
                    yield return $"part {part} of {split.Parts} is [{split.First(part)}, {split.First(part + 1)})";
                }
            }
        }
    }
}
