using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Band plan choices measured on the late layers of real networks (SSD, YOLO, Inception): rows narrower than a
    /// Vector512 still get a Vector512 band, channel chunks are weighed by what they cost (a load and store per output
    /// vector against the whole window's multiply-adds), and a tile's weight rows never crowd one L1 set. The layers run
    /// against the float64 reference.
    /// </summary>
    public sealed class BandPlanChoiceTests
    {
        private const int Seed = 20261129;

        private static KernelPlan PlanOf(ConvCase c) => ConvCaseDeclarations.PlanOf(c);

        [Fact]
        public void Rows_narrower_than_a_Vector512_are_packed_in_bands_on_that_path()
        {
            // An 8×8 map: in place, only the Vector256 path could run it (CIFAR ResNet's last stage, Inception's 8×8 blocks).
            var band = PlanOf(new ConvCase(64, 64, 8, 8, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1)).Vector512?.Band;
            Assert.NotNull(band);
            Assert.True(band!.Positions % 16 == 0 && band.Tail == 0, $"{band.Rows}-row bands of {band.Positions} positions, {band.Tail} left to dot products");
        }

        [Fact]
        public void A_19_by_19_map_is_one_band_in_chunks_rather_than_rows_ending_in_dot_products()
        {
            // SSD's fc7 (1024 → 1024, 1×1, 19×19): one 19-row band in 64-channel chunks; 1-row bands left 3 of every 19
            // positions to dot products (7.1 ms against 15.4 ms). The band's 361 positions are 22 vectors of 16, one of 8
            // and one dot product.
            var band = PlanOf(new ConvCase(1024, 1024, 19, 19, 1, 1)).Vector512!.Band!;
            Assert.Equal(19, band.Rows);
            Assert.Equal(1, band.Tail);
            Assert.True(band.ChunkChannels < 1024);
        }

        [Theory]
        [InlineData(1024, 8, true)]     // rows 4 KB apart share one set: eight fill its ways
        [InlineData(1024, 9, false)]
        [InlineData(9216, 9, false)]    // a 3×3 layer of 1024 input channels: 36 KB apart, one set again
        [InlineData(1280, 14, true)]    // 5 KB apart: the rows spread over the sets
        [InlineData(2304, 16, true)]    // ResNet's 256-channel 3×3 layers
        public void Weight_rows_that_fall_in_one_L1_set_are_limited_to_its_ways(long rowFloats, int channels, bool fits) =>
            Assert.Equal(fits, KernelPlanner.FitsL1Sets(channels, rowFloats));

        [Fact]
        public void A_1024_channel_1x1_layer_takes_at_most_eight_output_channels_a_tile()
        {
            // YOLOv3's 13×13 head (1024 → 255): a 14-channel tile ran at 76 GFLOP/s, against 105 with five channels.
            foreach (var p in PlanOf(new ConvCase(1024, 255, 13, 13, 1, 1)).VectorPlans)
            {
                Assert.True(p.ChannelTile <= 8, $"{p.Target.Name}: {p.ChannelTile}-channel tiles");
            }
        }

        /// <summary>
        /// DeepLab's ASPP branches on a 33×33 map (rates 12 and 18) put whole kernel rows and columns on padding for many
        /// outputs. A band computes them against packed zeros: rate 18 as bands ran at 0.52× ONNX Runtime's speed, in
        /// place at 1.04×. Neither is what the layer runs now: window regions multiply only real taps (see
        /// <see cref="WindowRegionTests"/>); the band rule still keeps them unbanded.
        /// </summary>
        [Theory]
        [InlineData(12)]
        [InlineData(18)]
        public void A_dilation_that_puts_much_of_the_window_on_padding_is_not_banded(int rate)
        {
            var plan = PlanOf(new ConvCase(256, 256, 33, 33, 3, 3, DilationHeight: rate, DilationWidth: rate, PadTop: rate, PadBottom: rate, PadLeft: rate, PadRight: rate));
            foreach (var target in new[] { VectorTarget.Vector512, VectorTarget.Vector256 })
            {
                Assert.Null(BandPlanner.Plan(plan, target));
            }

            Assert.True(plan.Vector512!.Regions is not null && plan.Vector256!.Regions is not null, "the wide paths run window regions");
        }

        /// <summary>
        /// 5×5 windows at stride 1 are packed in bands where rows would fill their vectors badly: AlexNet's second layer
        /// (27-wide rows, 84% of the lanes in place) ran 1.11× faster. A layer whose 5×5 band tiles would make the kernel
        /// class too long runs its rows in place, as before, and not as the compact plan: 19×19 with 96 output channels
        /// within the tighter budget a file gets when the rest of it is long (its bands fit the usual one).
        /// </summary>
        [Fact]
        public void Five_by_five_stride_1_layers_are_banded_unless_their_bands_would_make_the_file_too_long()
        {
            static KernelPlan Final(ConvCase c) => ConvCaseDeclarations.ChosenPlanOf(c)!;

            var alexNet = Final(new ConvCase(64, 192, 27, 27, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2));
            Assert.True(alexNet.WideStride1Bands);
            Assert.NotNull(alexNet.Vector512?.Band);

            var tooLong = new ConvCase(64, 96, 19, 19, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2);
            Assert.True(PlanOf(tooLong).UsesWideStride1Bands);
            Assert.True(Final(tooLong).WideStride1Bands);
            var fallback = StrideGen.Generators.Emitting.ConvLayerEmitter.Plans("Kernel", ConvCaseDeclarations.ShapeOf(tooLong),
                StrideGen.Generators.Emitting.ConvLayerEmitter.TightKernelBudgetChars).Plan!;
            Assert.False(fallback.WideStride1Bands);
            Assert.NotEqual(WindowUnroll.None, fallback.Unroll); // not the compact plan
            Assert.All(fallback.VectorPlans, p => Assert.Null(p.Band)); // 19-wide rows run in place on every path
        }

        /// <summary>
        /// Inception's 7×1 layer (128 → 192 on 17×17, padded 3 rows top and bottom): leaving out border rows on both wide
        /// paths makes its kernel class too long, so only the Vector512 path keeps them (922 → 782 µs with a Stopwatch),
        /// before any other fallback step. With the bias Inception deploys, its kernel class is 5 K longer: a budget of 160 K
        /// lost the skips (and 12 × 2 tiles ran it 1.07–1.12× slower), 180 K keeps them.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Border_rows_too_long_for_every_path_are_kept_on_the_Vector512_path(bool bias)
        {
            var shape = ConvCaseDeclarations.ShapeOf(new ConvCase(128, 192, 17, 17, 7, 1, PadTop: 3, PadBottom: 3, HasBias: bias));
            Assert.True(KernelPlan.SkipsBorderRows(KernelPlanner.Plan(shape).Vector256!), "the regular plan's Vector256 bands skip border rows too");

            var final = StrideGen.Generators.Emitting.ConvLayerEmitter.Plans("Kernel", shape).Plan!;
            Assert.True(final.BorderSkipsOnVector512Only);
            Assert.True(KernelPlan.SkipsBorderRows(final.Vector512!));
            Assert.False(KernelPlan.SkipsBorderRows(final.Vector256!));
            Assert.False(final.WholeChannelTiles); // no later fallback step was needed
        }

        /// <summary>
        /// DeepLab's rate-4 layer (128 channels) on a 33×33 map: whole-plane bands whose first and last calls leave out the
        /// kernel row they meet only on padding (a tenth of the window) beat 11-row bands that compute it (2.98 → 2.73 ms in
        /// one sweep). Its kernel class fits without remainder tiles, keeping the skips on the Vector512 path; bands of fewer
        /// rows would compute every kernel row. (The rate-6 layer of 256 channels took such bands too, 12.3 → 11.0 ms; it
        /// now runs window regions, which leave out padded kernel columns as well.)
        /// </summary>
        [Theory]
        [InlineData(128, 4)]
        public void Dilated_33_by_33_layers_take_whole_plane_bands_that_leave_out_border_rows(int channels, int rate)
        {
            var shape = ConvCaseDeclarations.ShapeOf(new ConvCase(channels, channels, 33, 33, 3, 3, DilationHeight: rate, DilationWidth: rate,
                PadTop: rate, PadBottom: rate, PadLeft: rate, PadRight: rate));
            var final = StrideGen.Generators.Emitting.ConvLayerEmitter.Plans("Kernel", shape).Plan!;
            Assert.Equal(33, final.Vector512!.Band!.Rows);
            Assert.True(KernelPlan.SkipsBorderRows(final.Vector512));
            Assert.True(final.WholeChannelTiles && final.BorderSkipsOnVector512Only);
            Assert.NotEqual(WindowUnroll.None, final.Unroll);
            Assert.Null(ConvLayerBatch.MismatchReport(new List<ConvCase> { new(channels, channels, 33, 33, 3, 3, DilationHeight: rate, DilationWidth: rate,
                PadTop: rate, PadBottom: rate, PadLeft: rate, PadRight: rate) }, new Random(Seed + 2)));
        }

        /// <summary>
        /// Border rows are left out per call: every vector of a band tile skips the same kernel rows, so a call whose
        /// vectors would skip different rows is not a tile method of its own.
        /// </summary>
        [Fact]
        public void The_vectors_of_a_band_tile_leave_out_the_same_kernel_rows()
        {
            int skipping = 0;
            foreach (var c in PackedBandTests.EdgeCases().Concat(new[]
            {
                new ConvCase(256, 256, 33, 33, 3, 3, DilationHeight: 6, DilationWidth: 6, PadTop: 6, PadBottom: 6, PadLeft: 6, PadRight: 6),
                new ConvCase(128, 192, 17, 17, 7, 1, PadTop: 3, PadBottom: 3),
            }))
            {
                foreach (var tile in PlanOf(c).VectorPlans.Where(p => p.Band is not null).SelectMany(p => p.Band!.Covers.SelectMany(cover => cover.Tiles)))
                {
                    Assert.All(tile.Vectors, v => Assert.Equal(tile.Vectors[0].SkippedRows, v.SkippedRows));
                    skipping += tile.Vectors[0].SkippedRows.Count > 0 ? 1 : 0;
                }
            }

            Assert.True(skipping > 0);
        }

        [Fact]
        public void Large_dilations_run_in_place_and_match_the_float64_reference()
        {
            var cases = new List<ConvCase>
            {
                new(32, 32, 33, 33, 3, 3, DilationHeight: 12, DilationWidth: 12, PadTop: 12, PadBottom: 12, PadLeft: 12, PadRight: 12, Activation: Activation.Relu, HasBias: true),
                new(40, 36, 33, 33, 3, 3, DilationHeight: 18, DilationWidth: 18, PadTop: 18, PadBottom: 18, PadLeft: 18, PadRight: 18),
                // Different rates down and across, asymmetric padding, a width that is not a whole number of vectors.
                new(24, 40, 30, 35, 3, 3, DilationHeight: 10, DilationWidth: 14, PadTop: 8, PadBottom: 12, PadLeft: 14, PadRight: 14, HasBias: true),
            };
            foreach (var c in cases)
            {
                Assert.All(PlanOf(c).VectorPlans, p => Assert.True(p.Band is null, $"{c}: {p.Target.Name} is packed in bands"));
            }

            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 1)));
        }

        /// <summary>
        /// Layers of 16 to 31 output channels whose rows fill their vectors badly: SSD's box heads on 10×10 and 19×19 maps,
        /// LeNet's 5×5 layer, with fewer input channels, and a stride-2 layer whose 10-wide rows do not run in place on the
        /// Vector512 path at all (64 → 24 on 20×20: 1.77× faster as bands than on Vector256 in place).
        /// </summary>
        private static readonly ConvCase[] NarrowPackedCases =
        {
            new(96, 24, 10, 10, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true),
            new(64, 24, 19, 19, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true),
            new(6, 16, 14, 14, 5, 5, HasBias: true),
            new(40, 20, 12, 10, 3, 3, PaddingMode: PaddingMode.Same, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
            new(64, 24, 20, 20, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
        };

        [Fact]
        public void Layers_of_few_output_channels_pack_bands_only_where_their_rows_fill_vectors_badly()
        {
            foreach (var c in NarrowPackedCases)
            {
                Assert.True(PlanOf(c).Vector512?.Band is not null, $"{c}: the Vector512 path runs in place");
            }

            var inPlace = new[]
            {
                new ConvCase(128, 16, 38, 38, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1), // 38-wide rows: 95% of lanes in place
                new ConvCase(256, 21, 33, 33, 1, 1),                                                 // a 1×1 window: packing costs what it saves
                new ConvCase(64, 24, 32, 32, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1), // stride 2, 16-wide rows
                new ConvCase(64, 15, 10, 10, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1), // fewer than 16 channels
                new ConvCase(64, 64, 28, 28, 3, 3, Groups: 4, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1), // 16 a group, 28-wide rows
            };
            foreach (var c in inPlace)
            {
                Assert.True(PlanOf(c).Vector512?.Band is null, $"{c}: the Vector512 path is packed");
            }
        }

        [Fact]
        public void Packed_layers_of_few_output_channels_match_the_float64_reference()
        {
            Assert.Null(ConvLayerBatch.MismatchReport(NarrowPackedCases.ToList(), new Random(Seed + 2)));
        }

        /// <summary>
        /// Vector256 band tiles keep more accumulators than the FMA latency needs: a 4 × 2 tile's 8 FMAs take the 4 cycles
        /// of one FMA's latency, and every late load stalls it (ResNet-18's stride-2 layers ran 1.06–1.23× faster in 6 × 2
        /// tiles, AVX-512 off). Each of these is a band on Vector256, whose tile steps take at least 5 cycles of FMAs.
        /// </summary>
        public static readonly ConvCase[] SlackCases =
        {
            new(64, 128, 56, 56, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),   // ResNet-18's stride-2 layers
            new(128, 256, 28, 28, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(256, 512, 14, 14, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(512, 128, 28, 28, 1, 1, HasBias: true, Activation: Activation.Relu),               // ResNet-50's 1×1 reduction
        };

        [Fact]
        public void Vector256_band_tiles_leave_the_FMA_latency_slack()
        {
            foreach (var c in SlackCases)
            {
                var plan = PlanOf(c).Vector256;
                Assert.True(plan?.Band is not null, $"{c}: Vector256 runs in place");
                // A full call's step: the tile's channels × its vectors of 8 lanes, two FMAs a cycle.
                double cycles = plan!.ChannelTile * plan.VectorsPerTile / 2.0;
                Assert.True(cycles >= 5, $"{c}: {plan.ChannelTile} × {plan.VectorsPerTile} tiles, {cycles} cycles of FMAs a step");
            }
        }

        [Fact]
        public void Vector256_slack_tiles_match_the_float64_reference()
        {
            // Shrunk to the same plans' shapes: two bands and a remainder tile of channels each.
            var cases = new List<ConvCase>
            {
                new(16, 32, 20, 20, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true),
                new(24, 40, 13, 13, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu),
                new(48, 64, 14, 14, 1, 1, HasBias: true, Activation: Activation.Relu6),
            };
            foreach (var c in cases)
            {
                var plan = PlanOf(c).Vector256;
                Assert.True(plan?.Band is not null && plan.ChannelTile * plan.VectorsPerTile >= 10, $"{c}: not a slack tile on Vector256 ({plan?.ChannelTile} × {plan?.VectorsPerTile})");
            }

            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 3)));
        }

        [Fact]
        public void Late_layer_shapes_match_the_float64_reference()
        {
            var cases = new List<ConvCase>
            {
                new(64, 40, 8, 8, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true),
                new(96, 36, 8, 8, 1, 1),
                new(80, 32, 19, 19, 1, 1, HasBias: true),
                new(1024, 20, 13, 13, 1, 1, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
                new(160, 34, 19, 19, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            };
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed)));
        }
    }
}
