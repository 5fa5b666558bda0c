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
    /// The NHWC plan read as data, over the random and edge configurations of the NHWC kernel tests: the register tiles fit
    /// the registers and the unrolling budget, the tiles cover the interior columns exactly, and the channel blocks cover
    /// every channel of a group without reaching past it.
    /// </summary>
    public sealed class NhwcKernelPlanTests
    {
        private static readonly List<ConvCase> AllCases =
            Enumerable.Range(0, 3).SelectMany(RandomisedNhwcConvolutionTests.Cases)
                .Concat(RandomisedNhwcConvolutionTests.EdgeCases().Select(c => c with { Layout = TensorLayout.Nhwc }))
                .ToList();

        [Fact]
        public void Every_plan_keeps_its_tiles_in_registers_and_within_the_unrolling_budget()
        {
            var problems = new List<string>();
            foreach (var (c, plan) in Plans())
            {
                foreach (var path in Paths(plan))
                {
                    foreach (var block in path.Blocks)
                    {
                        // A depthwise tile also keeps the input vectors that repeat from one kernel column to the next.
                        bool keepsInputs = plan.Scheme == NhwcScheme.Depthwise && c.KernelWidth > 1;
                        // A strided broadcast tile keeps a broadcast input a pixel that recurs a stride of kernel columns on.
                        bool keepsBroadcasts = plan.Scheme == NhwcScheme.Broadcast && c.StrideWidth > 1 && c.KernelWidth > c.StrideWidth;
                        int registers = block.Pixels * block.Lanes * (keepsInputs ? 2 : 1) + (keepsBroadcasts ? block.Pixels : 0) + block.Lanes + 1;
                        long stepFmas = (block.Unroll == WindowUnroll.Rows ? c.KernelWidth : 1) * (long)block.ChannelUnroll * block.Pixels * block.Lanes;
                        if (block.Pixels > 1 && registers > NhwcKernelPlanner.VectorRegisters(path.LaneWidth))
                        {
                            problems.Add($"{c}: block {block.Name} needs {registers} registers");
                        }

                        if (stepFmas > NhwcKernelPlanner.UnrolledFmaBudget)
                        {
                            problems.Add($"{c}: block {block.Name} unrolls {stepFmas} multiply-adds per step");
                        }

                        if (block.Unroll == WindowUnroll.Full || (c.InChannels / c.Groups) % block.ChannelUnroll != 0)
                        {
                            problems.Add($"{c}: block {block.Name} has unroll {block.Unroll} × {block.ChannelUnroll} channels");
                        }
                    }
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(12)));
        }

        /// <summary>
        /// ConvNeXt's 7×7 depthwise layer in NHWC, 32 channels a block (two Vector512 lanes): with its repeated inputs counted,
        /// a tile takes at most (27 − 1 − 2) / 4 = 6 pixels, not the 10 whose inputs the JIT spilled.
        /// </summary>
        [Fact]
        public void A_depthwise_tile_leaves_registers_for_the_inputs_its_kernel_columns_share()
        {
            var c = new ConvCase(96, 96, 56, 56, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Groups: 96, Layout: TensorLayout.Nhwc);
            var plan = ConvCaseDeclarations.NhwcPlanOf(c);
            Assert.Equal(NhwcScheme.Depthwise, plan.Scheme);
            var blocks = plan.Vector512!.Blocks.Where(b => b.Lanes == 2).ToList();
            Assert.NotEmpty(blocks);
            Assert.All(blocks, b => Assert.InRange(b.Pixels, 1, 6));
        }

        /// <summary>
        /// The same layer's 6 border columns a row (3 each side) go to edge tiles on both vector paths, not to the pixel
        /// method, whose single accumulator set waits on the FMA latency; and EfficientNet's 5×5 stride-2 layer (Same
        /// padding: 1 column left, 2 right) likewise. Each edge tile reads only the kernel columns on real input.
        /// </summary>
        [Theory]
        [InlineData(96, 56, 7, 1, 3, 3)]
        [InlineData(144, 56, 5, 2, 1, 2)]
        public void Depthwise_border_columns_run_in_edge_tiles(int channels, int size, int kernel, int stride, int padLeft, int padRight)
        {
            var c = new ConvCase(channels, channels, size, size, kernel, kernel, stride, stride, PadTop: padLeft, PadBottom: padRight, PadLeft: padLeft, PadRight: padRight, Groups: channels, Layout: TensorLayout.Nhwc);
            var plan = ConvCaseDeclarations.NhwcPlanOf(c);
            Assert.Equal(NhwcScheme.Depthwise, plan.Scheme);
            foreach (var path in new[] { plan.Vector512!, plan.Vector! })
            {
                Assert.All(path.Blocks, block =>
                {
                    Assert.Equal(2, block.Edges.Count);
                    Assert.Equal(0, block.Edges[0].Start);
                    Assert.Equal(plan.OutputWidth, block.Edges[1].Start + block.Edges[1].Pixels);
                    var first = block.Edges[0].Kw[0];
                    Assert.Equal((padLeft, kernel), (first.First, first.End));
                });
            }
        }

        /// <summary>
        /// ResNet's 7×7 stride-2 stem in NHWC (64 channels, four Vector512 lanes): each pixel's broadcast inputs recur two
        /// kernel columns on, so a tile takes at most (27 − 1 − 4) / 5 = 4 pixels, not the 5 that spilled. At stride 1
        /// broadcast tiles keep (27 − 1 − 4) / 4 = 5, and a 2×2 stride-2 window, whose columns share no input, a 48-channel
        /// block (three lanes) of (27 − 1 − 3) / 3 = 7.
        /// </summary>
        [Fact]
        public void A_strided_broadcast_tile_leaves_registers_for_the_inputs_its_kernel_columns_share()
        {
            int MaxPixels(ConvCase c, int lanes)
            {
                var plan = ConvCaseDeclarations.NhwcPlanOf(c);
                Assert.Equal(NhwcScheme.Broadcast, plan.Scheme);
                return plan.Vector512!.Blocks.Where(b => b.Lanes == lanes).Max(b => b.Pixels);
            }

            Assert.Equal(4, MaxPixels(new ConvCase(3, 64, 224, 224, 7, 7, 2, 2, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Layout: TensorLayout.Nhwc), 4));
            Assert.Equal(5, MaxPixels(new ConvCase(3, 64, 224, 224, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Layout: TensorLayout.Nhwc), 4));
            Assert.Equal(7, MaxPixels(new ConvCase(16, 64, 112, 112, 2, 2, 2, 2, Layout: TensorLayout.Nhwc), 3));
        }

        [Fact]
        public void Tiles_cover_the_interior_edge_tiles_the_borders_and_bands_cover_every_output()
        {
            var problems = new List<string>();
            int edged = 0, chunkedBlocks = 0, leftAlone = 0;
            foreach (var (c, plan) in Plans())
            {
                var blocks = plan.VectorPaths.SelectMany(path => path.Blocks).ToList();
                edged += blocks.Count(b => b.Edges.Count > 0);
                chunkedBlocks += blocks.Count(b => b.ChunkChannels < c.InChannels / c.Groups);
                leftAlone += blocks.Sum(b => b.Edges.Sum(e => e.Kw.Count(k => !k.Stored)));
                var columns = plan.Shape.Columns;
                int begin = (int)columns.InteriorBegin, end = (int)columns.InteriorEnd;
                foreach (var path in Paths(plan))
                {
                    foreach (var block in path.Blocks)
                    {
                        // How many tiles write each column: a block that passes over the rows per chunk of input channels adds to
                        // partial sums, so it must write each exactly once.
                        var writes = new int[plan.OutputWidth];
                        bool chunked = block.ChunkChannels < c.InChannels / c.Groups;
                        foreach (var run in block.Tiles)
                        {
                            for (int ow = run.Start; ow < run.End; ow++)
                            {
                                if (ow < begin || ow >= end || run.Pixels != block.Pixels)
                                {
                                    problems.Add($"{c}: block {block.Name} tiles column {ow} outside the interior [{begin}, {end})");
                                    break;
                                }

                                writes[ow]++;
                            }
                        }

                        // Edge tiles: block-wide tiles inside the row, each stored column reading exactly its kernel columns on real input.
                        foreach (var edge in block.Edges)
                        {
                            if (edge.Pixels != block.Pixels || edge.Start < 0 || edge.Start + edge.Pixels > plan.OutputWidth)
                            {
                                problems.Add($"{c}: block {block.Name} has an edge tile of {edge.Pixels} at column {edge.Start}");
                                continue;
                            }

                            for (int p = 0; p < edge.Pixels; p++)
                            {
                                int ow = edge.Start + p;
                                var taps = edge.Kw[p];
                                if (!taps.Stored)
                                {
                                    if (taps.First != taps.End)
                                    {
                                        problems.Add($"{c}: block {block.Name} computes edge column {ow} but does not store it");
                                    }

                                    continue;
                                }

                                writes[ow]++;
                                var real = Enumerable.Range(0, c.KernelWidth).Where(kw => ow * c.StrideWidth - c.Pads.Left + kw * c.DilationWidth is int x && x >= 0 && x < c.InputWidth).ToList();
                                if (!Enumerable.Range(taps.First, taps.End - taps.First).SequenceEqual(real))
                                {
                                    problems.Add($"{c}: block {block.Name} edge column {ow} reads kernel columns [{taps.First}, {taps.End}), not {string.Join(",", real)}");
                                }
                            }
                        }

                        // With edge tiles the whole row is in tiles; without, the interior (border columns go one pixel at a time).
                        int from = block.Edges.Count > 0 ? 0 : begin, to = block.Edges.Count > 0 ? plan.OutputWidth : end;
                        for (int ow = from; ow < to; ow++)
                        {
                            if (writes[ow] == 0 || chunked && writes[ow] > 1)
                            {
                                problems.Add($"{c}: block {block.Name}{(chunked ? " (chunked)" : "")} writes {(ow >= begin && ow < end ? "interior" : "border")} column {ow} {writes[ow]} times");
                            }
                        }

                        if (chunked && (block.Offsets[0] != 0 || block.Offsets.Select((o, l) => o != l * path.LaneWidth).Any(x => x)))
                        {
                            problems.Add($"{c}: chunked block {block.Name} has overlapping vectors");
                        }
                    }
                }

                if (Covered(plan.RowBands) != plan.OutputHeight || Covered(plan.ColumnBands) != plan.OutputWidth)
                {
                    problems.Add($"{c}: the bands do not cover the output");
                }
            }

            Assert.True(edged > 20 && chunkedBlocks >= 4 && leftAlone > 0, $"{edged} blocks with edge tiles, {chunkedBlocks} chunked, {leftAlone} columns left to another tile"); // not vacuous
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(12)));
        }

        [Fact]
        public void Channel_blocks_cover_every_channel_of_a_group_and_stay_inside_it()
        {
            var problems = new List<string>();
            foreach (var (c, plan) in Plans())
            {
                int channels = plan.Scheme == NhwcScheme.Depthwise ? c.OutChannels : c.OutChannels / c.Groups;
                Assert.True(plan.UsesVectors == channels >= 4, $"{c}: a vector path exactly when a group has 4 channels or more");
                Assert.True((plan.Vector128 is not null) == (channels >= 4), $"{c}: a Vector128 path exactly when a group has 4 channels or more");
                foreach (var path in Paths(plan))
                {
                    var covered = new bool[channels];
                    foreach (var block in path.Blocks)
                    {
                        for (int b = 0; b < block.Repeat; b++)
                        {
                            foreach (int offset in block.Offsets)
                            {
                                int from = block.First + b * block.Step + offset;
                                if (from < 0 || from + path.LaneWidth > channels)
                                {
                                    problems.Add($"{c}: block {block.Name} reaches channels [{from}, {from + path.LaneWidth}) of {channels}");
                                    continue;
                                }

                                for (int ch = from; ch < from + path.LaneWidth; ch++)
                                {
                                    covered[ch] = true;
                                }
                            }
                        }
                    }

                    if (covered.Contains(false))
                    {
                        problems.Add($"{c}: the {(path.IsVector ? "vector" : "scalar")} path leaves channel {Array.IndexOf(covered, false)} uncovered");
                    }
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(12)));
        }

        /// <summary>
        /// A layer's own NHWC kernel has a Vector128 path wherever a group has 4 channels or more, so x64 without AVX2 and
        /// Arm64 run vectors rather than the scalar path; the kernels of channel blocks and channels-last copies keep it only
        /// for groups of 4 to 7, which no Vector256 fills (their drivers leave Vector128 to the layer's NCHW kernel).
        /// </summary>
        [Fact]
        public void A_layers_own_kernel_has_a_Vector128_path_for_every_group_of_four_channels_or_more()
        {
            foreach (var (c, plan) in Plans())
            {
                int channels = plan.Scheme == NhwcScheme.Depthwise ? c.OutChannels : c.OutChannels / c.Groups;
                Assert.Equal(channels >= 4, plan.Vector128 is not null);
                var kept = NhwcKernelPlanner.Plan(ConvCaseDeclarations.ShapeOf(c));
                Assert.Equal(channels >= 4 && channels < 8, kept.Vector128 is not null);
            }
        }

        [Fact]
        public void Convolutions_and_pooling_accept_NHWC()
        {
            var conv = ConvGeometry.Resolve(new LayerDeclaration { InputHeight = 8, InputWidth = 8, KernelSize = 3, Layout = (int)LayoutKind.Nhwc });
            Assert.False(conv.HasErrors);
            Assert.Equal(LayoutKind.Nhwc, conv.Shape!.Layout);

            var pool = PoolGeometry.Resolve(new LayerDeclaration { Kind = LayerKind.MaxPool2D, Channels = 4, InputHeight = 8, InputWidth = 8, KernelSize = 2, Layout = (int)LayoutKind.Nhwc });
            Assert.False(pool.HasErrors);
            Assert.Equal(LayoutKind.Nhwc, pool.Shape!.Layout);
        }

        private static IEnumerable<(ConvCase Case, NhwcKernelPlan Plan)> Plans()
        {
            foreach (var c in AllCases)
            {
                var resolution = ConvGeometry.Resolve(ConvCaseDeclarations.Of(c));
                Assert.False(resolution.HasErrors, $"{c}: {string.Join("; ", resolution.Problems.Select(p => p.Message))}");
                yield return (c, NhwcKernelPlanner.Plan(resolution.Shape!, vector128Fallback: true)); // as a layer's own kernel: every path it can have
            }
        }

        private static IEnumerable<NhwcPath> Paths(NhwcKernelPlan plan) => plan.VectorPaths.Append(plan.Scalar);

        private static int Covered(IEnumerable<Band> bands)
        {
            int next = 0;
            foreach (var band in bands)
            {
                Assert.Equal(next, band.Start);
                next = band.End;
            }

            return next;
        }
    }
}
