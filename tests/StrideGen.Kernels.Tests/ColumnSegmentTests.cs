using System;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Rows whose input is larger than L2 can hold for the next output-channel tile (SampleCNN's 128 channels × 19683
    /// samples: 10 MB) run in column segments: every tile of a block over one segment, then the next segment. Whole rows,
    /// each tile streamed the row from L3 again, and ran 1.3–2.4× slower whenever another process used L3.
    /// </summary>
    public sealed class ColumnSegmentTests
    {
        private const int Seed = 20261128;

        /// <summary>
        /// Layers that take segments on some path: a 2-D window with clipped rows and a remainder tile, a 1-D layer with
        /// ReLU (and its two-thread twin), a stride-2 one, and a 17-tap dilated one whose Vector512 runs start off a
        /// multiple of their step and whose border columns are scalar code.
        /// </summary>
        private static readonly ConvCase[] Cases =
        {
            new(20, 50, 3, 2200, 3, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, HasBias: true),
            new(32, 52, 1, 4500, 1, 3, PadLeft: 1, PadRight: 1, Activation: Activation.Relu),
            new(32, 52, 1, 4500, 1, 3, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, Threads: 2),
            new(24, 64, 1, 6000, 1, 4, StrideWidth: 2, PadLeft: 1, PadRight: 1, HasBias: true),
            new(16, 48, 1, 8200, 1, 17, DilationWidth: 2, PadLeft: 16, PadRight: 16),
        };

        private static KernelPlan ChosenPlan(ConvCase c) => ConvCaseDeclarations.ChosenPlanOf(c)!;

        [Fact]
        public void A_long_row_under_many_tiles_runs_in_segments_that_keep_every_run_on_its_tiles()
        {
            var sampleCnn = new ConvCase(128, 128, 1, 19683, 1, 3, PadLeft: 1, PadRight: 1, HasBias: true);
            var plan = ChosenPlan(sampleCnn);
            Assert.Equal(3, plan.VectorPlans.Count);
            foreach (var p in plan.VectorPlans)
            {
                Assert.True(p.ColumnSegment > 0, $"{p.Target.Name}: the 10 MB row runs in segments");
                Assert.True(2 * p.ColumnSegment <= plan.OutputWidth);
                var looped = p.Covers.SelectMany(c => c.Runs).Where(r => r.Count > 1).ToList();
                Assert.NotEmpty(looped);
                Assert.All(looped, r => Assert.Equal(0, p.ColumnSegment % r.Step));
                long bytes = (long)p.ColumnSegment * 128 * sizeof(float);
                Assert.True(bytes <= KernelPlanner.SegmentInputBytes || p.ColumnSegment == looped.Max(r => r.Step),
                    $"{p.Target.Name}: a segment of {p.ColumnSegment} columns reads {bytes} bytes");
            }
        }

        [Fact]
        public void Rows_that_stay_in_cache_or_pass_under_few_tiles_run_whole()
        {
            // 512 samples: the row's 256 KB stay in L2 for every tile.
            var shortRow = ChosenPlan(new ConvCase(128, 128, 1, 512, 1, 3, PadLeft: 1, PadRight: 1, HasBias: true));
            Assert.All(shortRow.VectorPlans, p => Assert.Equal(0, p.ColumnSegment));

            // wav2vec 2.0's 512 → 512 stride-2 layer: blocks of 4 tiles on Vector512, too few to repay a segment's loads.
            var fewTiles = ChosenPlan(new ConvCase(512, 512, 1, 3199, 1, 3, StrideWidth: 2));
            var v512 = fewTiles.Vector512!;
            Assert.True(Math.Min(v512.TilesPerBlock, v512.ChannelTilesPerGroup) < KernelPlanner.MinSegmentTilePasses);
            Assert.Equal(0, v512.ColumnSegment);
        }

        [Fact]
        public void The_test_layers_take_segments_with_odd_run_starts_and_scalar_columns_among_them()
        {
            Assert.All(Cases, c => Assert.Contains(ChosenPlan(c).VectorPlans, p => p.ColumnSegment > 0));
            var wide = ChosenPlan(Cases[^1]).Vector512!;
            Assert.True(wide.ColumnSegment > 0);
            Assert.Contains(wide.Covers.SelectMany(c => c.Runs), r => r.Count > 1 && r.Start % r.Step != 0);
            Assert.Contains(wide.Covers, c => c.ScalarColumns.Count > 0);
        }

        [Fact]
        public void Layers_run_in_column_segments_match_the_float64_reference()
        {
            Assert.Null(ConvLayerBatch.MismatchReport(Cases.ToList(), new Random(Seed)));
        }
    }
}
