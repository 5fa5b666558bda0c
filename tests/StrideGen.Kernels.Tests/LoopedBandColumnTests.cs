using System;
using System.Linq;
using StrideGen.Generators.Emitting;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// A wide stride-2 window whose row-looped band tiles would make the kernel class too long (YOLOv5's 6×6 stem) keeps
    /// its Vector512 bands with kernel columns looped too, rather than falling to the compact plan; those tiles read the
    /// two residue classes of a stride-2 window, a combination the regular plans never make.
    /// </summary>
    public sealed class LoopedBandColumnTests
    {
        private const int Seed = 20261127;

        /// <summary>YOLOv5's stem (3 → 32 channels, 6×6, stride 2, padding 2) on 536-wide rows (268 outputs, not a multiple of 16), fewer of them, and the same with bias and ReLU.</summary>
        private static readonly ConvCase[] Cases =
        {
            new(3, 32, 24, 536, 6, 6, 2, 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2),
            new(3, 32, 17, 536, 6, 6, 2, 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Activation: Activation.Relu, HasBias: true),
        };

        [Fact]
        public void A_stem_too_long_for_row_looped_band_tiles_loops_their_columns_and_keeps_Vector512_bands()
        {
            foreach (var c in Cases)
            {
                var regular = ConvCaseDeclarations.PlanOf(c).Vector512!.Band!;
                Assert.True(regular.LoopedRows && !regular.LoopedColumns, $"{c}: the regular plan unrolls each kernel row");

                var (plan, _) = ConvLayerEmitter.Plans("Kernel", ConvCaseDeclarations.ShapeOf(c));
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
