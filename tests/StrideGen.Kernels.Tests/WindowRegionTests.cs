using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Emitting;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Dilated stride-1 layers whose padding takes whole kernel rows and columns from many windows run in window regions
    /// (<see cref="RegionPlan"/>): rectangles of outputs with the same real taps, each call packing only those taps. So do
    /// patch embeddings (stride = kernel), as one region of the whole plane. The plan choices follow DeepLab's atrous
    /// pyramid, SSD's fc6 and ViT's patches; the layers run against the float64 reference on every path the machine takes.
    /// </summary>
    public sealed class WindowRegionTests
    {
        private const int Seed = 20261128;

        private static ConvCase Atrous(int inChannels, int outChannels, int size, int rate, bool bias = false, Activation activation = Activation.None) =>
            new(inChannels, outChannels, size, size, 3, 3, DilationHeight: rate, DilationWidth: rate, PadTop: rate, PadBottom: rate, PadLeft: rate, PadRight: rate, HasBias: bias, Activation: activation);

        /// <summary>Layers that take regions on the Vector512 and Vector256 paths.</summary>
        private static readonly ConvCase[] Cases =
        {
            // DeepLab's rate-6 branch with fewer channels, on a map of 21: regions 6, 9 and 6 wide.
            Atrous(32, 64, 21, 6),
            // Rate 12 with bias and ReLU, its input channels in chunks and 40 output channels (a remainder tile on both paths).
            Atrous(96, 40, 26, 12, bias: true, activation: Activation.Relu),
            // 384 output channels: a call's sums for all of them pass the stack's share, so Vector512 takes the whole plane.
            Atrous(48, 384, 19, 6, bias: true, activation: Activation.LeakyRelu),
            // Every window's only real tap is the centre: one region, a 1×1 layer in effect.
            Atrous(24, 32, 18, 18),
            // On two threads, each taking a range of output-channel tiles: per call, and (384 channels) the whole plane.
            Atrous(32, 72, 21, 6, bias: true) with { Threads = 2 },
            Atrous(16, 384, 19, 6) with { Threads = 2 },
            // Rows and columns of different dilations and paddings on a map that is not square, a 5×3 window.
            new(16, 48, 29, 23, 5, 3, DilationHeight: 3, DilationWidth: 8, PadTop: 6, PadBottom: 3, PadLeft: 8, PadRight: 6),
        };

        private static ConvCase Patches(int inChannels, int outChannels, int height, int width, int patchHeight, int patchWidth, bool bias = true, Activation activation = Activation.None) =>
            new(inChannels, outChannels, height, width, patchHeight, patchWidth, StrideHeight: patchHeight, StrideWidth: patchWidth, HasBias: bias, Activation: activation);

        /// <summary>Patch embeddings (stride = kernel, no padding) that take the whole plane in one region on the Vector512 and Vector256 paths.</summary>
        private static readonly ConvCase[] PatchCases =
        {
            // 32×32 patches: one channel's 1024 taps at 36 patches pass the block, packed 16 kernel rows at a time.
            Patches(3, 40, 192, 192, 32, 32),
            // 16×16 patches on 8 channels, two at a time, with ReLU; 36 positions, a narrow last vector on Vector512.
            Patches(8, 36, 96, 96, 16, 16, activation: Activation.Relu),
            // 4×16 patches of a rectangular image: 8 × 10 positions, no bias.
            Patches(2, 32, 32, 160, 4, 16, bias: false),
            // On two threads, each taking a range of output-channel tiles and packing its own runs of kernel rows.
            Patches(3, 48, 192, 192, 32, 32) with { Threads = 2 },
        };

        private static KernelPlan ChosenPlan(ConvCase c) => ConvLayerEmitter.Plans("Kernel", ConvCaseDeclarations.ShapeOf(c)).Plan!;

        [Fact]
        public void Dilated_layers_whose_rows_waste_lanes_on_padding_take_regions_on_the_wide_paths()
        {
            foreach (var c in Cases)
            {
                var plan = ChosenPlan(c);
                Assert.True(plan.Vector512?.Regions is not null, $"{c}: Vector512 regions");
                Assert.True(plan.Vector256?.Regions is not null, $"{c}: Vector256 regions");
                Assert.Null(plan.Vector128?.Regions);
            }

            Assert.True(ChosenPlan(Cases[2]).Vector512!.Regions!.WholePlane, "384 channels: the whole plane per chunk on Vector512");
            Assert.True(ChosenPlan(Cases[5]).Vector512 is { Regions.WholePlane: true, Split.Unit: WorkUnit.ChannelTiles }, "two threads over the whole plane's tiles");
            Assert.False(ChosenPlan(Cases[2]).Vector256!.Regions!.WholePlane, "its Vector256 calls hold 16 positions: per call");
        }

        [Theory]
        [InlineData(6)]
        [InlineData(12)]
        [InlineData(18)]
        public void DeepLabs_atrous_branches_take_regions_call_by_call(int rate)
        {
            // MobileNetV2 DeepLabV3's ASPP (320 → 256 on 33×33): 0.82× ONNX Runtime's speed at rate 12 in place, 1.04–1.05× in regions.
            var regions = KernelPlanner.Plan(ConvCaseDeclarations.ShapeOf(Atrous(320, 256, 33, rate))).Vector512!.Regions;
            Assert.NotNull(regions);
            Assert.False(regions!.WholePlane);
            Assert.Equal(9, regions.Regions.Count);
        }

        [Fact]
        public void SSDs_fc6_streams_its_weights_once_a_chunk_over_the_whole_plane()
        {
            // 512 → 1024, rate 6 on 19×19: 19 MB of weights, read once per call they took 35 ms; once per chunk, 26 ms.
            var regions = KernelPlanner.Plan(ConvCaseDeclarations.ShapeOf(Atrous(512, 1024, 19, 6))).Vector512!.Regions;
            Assert.True(regions is { WholePlane: true });
        }

        [Fact]
        public void Layers_regions_do_not_serve_stay_with_their_plans()
        {
            var notRegions = new[]
            {
                Atrous(512, 1024, 7, 6),                                                                        // regions under a vector, weights too large to stream per call
                new ConvCase(64, 64, 56, 56, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),          // no dilation
                Atrous(64, 64, 33, 12) with { Groups = 2 },                                                     // grouped
                Atrous(64, 16, 33, 12),                                                                         // too few output channels to pay for packing
                new ConvCase(64, 64, 33, 33, 3, 3, StrideHeight: 2, StrideWidth: 2, DilationHeight: 2, DilationWidth: 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2), // stride 2
                Atrous(512, 512, 10, 2),                                                                        // DeepLab's rate-2 layer: its band fills lanes as well
            };
            foreach (var c in notRegions)
            {
                Assert.All(KernelPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)).VectorPlans, p => Assert.True(p.Regions is null, $"{c}: {p.Target.Name} regions"));
            }
        }

        [Fact]
        public void Patch_embeddings_take_the_whole_plane_as_one_region_on_the_wide_paths()
        {
            foreach (var c in PatchCases)
            {
                foreach (var p in new[] { ChosenPlan(c).Vector512, ChosenPlan(c).Vector256 })
                {
                    Assert.True(p?.Regions is { WholePlane: true, Regions.Count: 1 }, $"{c}: {p?.Target.Name} one whole-plane region");
                }
            }
        }

        [Theory]
        [InlineData(32, 224, true)]   // ViT-B/32: 7 rows of dot products each read all 9.4 MB of weights; 0.64× ONNX Runtime's speed
        [InlineData(16, 224, true)]   // ViT-B/16 and ViT-L/16
        [InlineData(14, 224, true)]   // DINOv2's 14×14 patches
        [InlineData(16, 32, false)]   // a 2×2 map: too small for a vector of patches, its dot products stay
        public void Vision_transformer_patch_embeddings_take_regions_where_the_plane_holds_vectors(int patch, int size, bool regions)
        {
            var plan = KernelPlanner.Plan(ConvCaseDeclarations.ShapeOf(Patches(3, 768, size, size, patch, patch)));
            Assert.Equal(regions, plan.Vector512?.Regions is { WholePlane: true });
            if (!regions)
            {
                Assert.NotNull(plan.Vector512?.Dot);
            }
        }

        [Fact]
        public void A_channel_whose_taps_overflow_the_block_is_packed_in_even_runs_of_kernel_rows()
        {
            // ViT-B/32: 1024 taps × 49 patches × 4 bytes = 196 KB a channel; 20 kernel rows (125 KB) fit the block beside
            // the 196-byte plane, so its 32 rows go in two runs of 16.
            var regions = KernelPlanner.Plan(ConvCaseDeclarations.ShapeOf(Patches(3, 768, 224, 224, 32, 32))).Vector512!.Regions!;
            Assert.Equal(16, regions.ChunkRows);
            Assert.Equal(1, regions.ChunkChannels);
            Assert.Equal(16 * 32 * 49, regions.BlockFloats);
            // 16×16 patches of 8 channels at 36 positions: 36 KB a channel, two channels at a time, whole kernel rows.
            var whole = KernelPlanner.Plan(ConvCaseDeclarations.ShapeOf(PatchCases[1])).Vector512!.Regions!;
            Assert.False(whole.RowChunks);
            Assert.Equal(2, whole.ChunkChannels);
        }

        [Fact]
        public void Whole_plane_runs_hold_whole_vectors_until_the_last()
        {
            // DINOv2's 256 patches are 16 vectors: runs of 2 and 3 of them use every lane (six even runs of 42 or 43
            // positions took 288 lanes); ViT-B/16's 196 end in a run whose last vector is a Vector256.
            var dinov2 = KernelPlanner.Plan(ConvCaseDeclarations.ShapeOf(Patches(3, 384, 224, 224, 14, 14))).Vector512!.Regions!;
            Assert.Equal(256, dinov2.Calls.Sum(c => c.Shape.Lanes(VectorTarget.Vector512)));
            var vitB16 = KernelPlanner.Plan(ConvCaseDeclarations.ShapeOf(Patches(3, 768, 224, 224, 16, 16))).Vector512!.Regions!;
            Assert.Equal(200, vitB16.Calls.Sum(c => c.Shape.Lanes(VectorTarget.Vector512)));
            foreach (var c in PatchCases.Concat(new[] { Atrous(48, 384, 19, 6) }))
            {
                foreach (var p in KernelPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)).VectorPlans.Where(p => p.Regions is { WholePlane: true }))
                {
                    for (int r = 0; r < p.Regions!.Regions.Count; r++)
                    {
                        var calls = p.Regions.CallsOf(r);
                        Assert.All(calls.Take(calls.Count - 1), call => Assert.Equal(0, call.Count % p.Target.Width));
                        Assert.True(calls.Last().Shape.Vectors >= calls.Max(call => call.Shape.Vectors), $"{c} {p.Target.Name}: the last run is of the most vectors");
                    }
                }
            }
        }

        [Fact]
        public void Wide_stride_layers_with_their_own_plans_keep_them()
        {
            var keep = new[]
            {
                new ConvCase(3, 64, 224, 224, 11, 11, StrideHeight: 4, StrideWidth: 4, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2), // AlexNet's stem: packed bands
                Patches(3, 384, 224, 224, 8, 8),                                                                                          // DINO-S/8: packed bands
                Patches(3, 96, 224, 224, 4, 4),                                                                                           // the ConvNeXt and Swin stem: packed bands
                new ConvCase(3, 64, 64, 64, 16, 16, StrideHeight: 16, StrideWidth: 16, PadTop: 8, PadBottom: 8, PadLeft: 8, PadRight: 8),   // padded patches: corner regions of one position
            };
            foreach (var c in keep)
            {
                Assert.All(KernelPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)).VectorPlans, p => Assert.True(p.Regions is null, $"{c}: {p.Target.Name} regions"));
            }
        }

        [Fact]
        public void Regions_cover_the_plane_once_and_their_calls_cover_each_region_once()
        {
            foreach (var c in Cases.Concat(PatchCases).Concat(new[] { Atrous(320, 256, 33, 12), Atrous(512, 1024, 19, 6), Patches(3, 768, 224, 224, 32, 32) }))
            {
                var shape = ConvCaseDeclarations.ShapeOf(c);
                foreach (var p in KernelPlanner.Plan(shape).VectorPlans.Where(p => p.Regions is not null))
                {
                    var regions = p.Regions!;
                    var covered = new int[c.OutputHeight, c.OutputWidth];
                    foreach (var r in regions.Regions)
                    {
                        for (int y = r.Row; y < r.Row + r.Rows; y++)
                        {
                            for (int x = r.Column; x < r.Column + r.Columns; x++)
                            {
                                covered[y, x]++;
                                // The region's taps are exactly the window's taps on real input, found here from the case alone.
                                var realRows = Enumerable.Range(0, c.KernelHeight).Where(kh => Inside(y * c.StrideHeight - c.Pads.Top + kh * c.DilationHeight, c.InputHeight)).ToList();
                                var realColumns = Enumerable.Range(0, c.KernelWidth).Where(kw => Inside(x * c.StrideWidth - c.Pads.Left + kw * c.DilationWidth, c.InputWidth)).ToList();
                                Assert.Equal(realRows, Enumerable.Range(r.KhFirst, r.KhEnd - r.KhFirst));
                                Assert.Equal(realColumns, Enumerable.Range(r.KwFirst, r.KwEnd - r.KwFirst));
                            }
                        }
                    }

                    Assert.All(covered.Cast<int>(), n => Assert.Equal(1, n));
                    for (int i = 0; i < regions.Regions.Count; i++)
                    {
                        var calls = regions.Calls.Where(call => call.Region == i).OrderBy(call => call.Start).ToList();
                        Assert.Equal(0, calls[0].Start);
                        Assert.Equal(regions.Regions[i].Positions, calls.Sum(call => call.Count));
                        for (int k = 1; k < calls.Count; k++)
                        {
                            Assert.Equal(calls[k - 1].Start + calls[k - 1].Count, calls[k].Start);
                        }

                        Assert.All(calls, call => Assert.InRange(call.Count, regions.WholePlane ? p.Target.Width : 1, regions.CallPositions));
                        // The tile's lanes hold the call, its whole vectors inside it; on Vector512 a last vector of at most 8 is a Vector256.
                        Assert.All(calls, call => Assert.True(call.Shape.Lanes(p.Target) >= call.Count && (call.Shape.Vectors - 1) * p.Target.Width < call.Count, $"{call}"));
                        Assert.All(calls, call => Assert.Equal(p.Target == VectorTarget.Vector512 && call.Count % 16 is > 0 and <= 8, call.Shape.NarrowLast));
                    }
                }
            }
        }

        [Fact]
        public void Layers_in_regions_match_the_float64_reference()
        {
            Assert.Null(ConvLayerBatch.MismatchReport(Cases.ToList(), new Random(Seed)));
        }

        [Fact]
        public void Patch_embeddings_in_regions_match_the_float64_reference()
        {
            Assert.Null(ConvLayerBatch.MismatchReport(PatchCases.ToList(), new Random(Seed + 1)));
        }

        private static bool Inside(int index, int length) => index >= 0 && index < length;
    }
}
