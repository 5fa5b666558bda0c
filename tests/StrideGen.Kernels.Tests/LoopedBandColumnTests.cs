using System;
using System.Linq;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// A wide stride-2 window whose row-looped band tiles would make the kernel class too long (a 6×6 stem like YOLOv5's,
    /// padded unevenly, with 56 output channels: YOLOv5's own 32 fit the budget since it grew to 180 K) keeps its Vector512
    /// bands with kernel columns looped too, rather than falling to the compact plan; those tiles read the two residue
    /// classes of a stride-2 window, a combination the regular plans never make.
    /// </summary>
    public sealed class LoopedBandColumnTests
    {
        private const int Seed = 20261127;

        /// <summary>A 6×6 stride-2 stem (3 → 56 channels, padded 2 before and 3 after) with bias and ReLU on 536-wide rows (268 outputs, not a multiple of 16) and on 600-wide ones.</summary>
        private static readonly ConvCase[] Cases =
        {
            new(3, 56, 24, 536, 6, 6, 2, 2, PadTop: 2, PadBottom: 3, PadLeft: 2, PadRight: 3, Activation: Activation.Relu, HasBias: true),
            new(3, 56, 24, 600, 6, 6, 2, 2, PadTop: 2, PadBottom: 3, PadLeft: 2, PadRight: 3, Activation: Activation.Relu, HasBias: true),
        };

        [Fact]
        public void A_stem_too_long_for_row_looped_band_tiles_loops_their_columns_and_keeps_Vector512_bands()
        {
            foreach (var c in Cases)
            {
                var regular = ConvCaseDeclarations.PlanOf(c).Vector512!.Band!;
                Assert.True(regular.LoopedRows && !regular.LoopedColumns, $"{c}: the regular plan unrolls each kernel row");

                var plan = ConvCaseDeclarations.ChosenPlanOf(c);
                var band = plan!.Vector512!.Band;
                Assert.True(band is { LoopedRows: true, LoopedColumns: true }, $"{c}: the chosen plan keeps Vector512 bands, columns looped");
                Assert.True(plan.Unroll != Generators.Planning.WindowUnroll.None, $"{c}: not the compact plan");
            }
        }

        [Fact]
        public void Stems_with_looped_band_columns_match_the_float64_reference()
        {
            Assert.Null(ConvLayerBatch.MismatchReport(Cases.ToList(), new Random(Seed)));
        }
    }
}
