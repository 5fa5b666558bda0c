using System;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// A wide window over rows padded on both sides (SLaK's 5×51 depthwise layer: 51 taps, padded 25 left and right on
    /// 56-wide rows) makes a tile method per group of border columns on every path, and the Vector128 path's four-lane
    /// tiles are half of the kernel class. When the regular plan is too long, the Vector128 path alone goes compact (one tap
    /// at a time, border columns in scalar code) before every path does: compact everywhere, nearly all of the layer's
    /// columns were border columns in scalar code (3.9 GFLOP/s, a tenth of ONNX Runtime's speed; 91 GFLOP/s with its
    /// Vector512 tiles kept).
    /// </summary>
    public sealed class CompactVector128Tests
    {
        private const int Seed = 20261128;

        /// <summary>SLaK's 5×51 layer with 16 of its channels, a 4 → 4 layer with a 3×41 window, and a 1×63 depthwise one.</summary>
        private static readonly ConvCase[] Cases =
        {
            new(16, 16, 56, 56, 5, 51, PadTop: 2, PadBottom: 2, PadLeft: 25, PadRight: 25, Groups: 16, HasBias: true),
            new(4, 4, 12, 48, 3, 41, PadTop: 1, PadBottom: 1, PadLeft: 20, PadRight: 20, Activation: Activation.Relu, HasBias: true),
            new(8, 8, 30, 64, 1, 63, PadLeft: 31, PadRight: 31, Groups: 8),
        };

        [Fact]
        public void A_wide_window_padded_on_both_sides_keeps_its_wide_paths_border_columns_in_vectors()
        {
            foreach (var c in Cases)
            {
                static int Methods(VectorPlan p) => p.Covers.Sum(cover => cover.Methods.Count);
                var regular = ConvCaseDeclarations.PlanOf(c);
                Assert.False(regular.CompactVector128);
                Assert.True(Methods(regular.Vector128!) > regular.VectorPlans.Where(p => p.Target != VectorTarget.Vector128).Max(Methods),
                    $"{c}: the regular plan's Vector128 path has more tile methods than either wider path");

                var plan = ConvCaseDeclarations.ChosenPlanOf(c);
                Assert.True(plan!.CompactVector128, $"{c}: the chosen plan makes only the Vector128 path compact");
                Assert.Equal(WindowUnroll.Rows, plan.Unroll);
                var wide = plan.VectorPlans.Where(p => p.Target != VectorTarget.Vector128).ToList();
                Assert.NotEmpty(wide);
                Assert.All(wide, p => Assert.All(p.Covers, cover => Assert.Empty(cover.ScalarColumns)));

                Assert.Equal(WindowUnroll.None, plan.UnrollOn(VectorTarget.Vector128));
                // The compact path covers only interior columns: none where fewer than four are (the 1×63 layer's 2 of 64).
                Assert.All(plan.Vector128?.Covers ?? default, cover => Assert.NotEmpty(cover.ScalarColumns));
            }
        }

        [Fact]
        public void Layers_with_a_compact_Vector128_path_match_the_float64_reference()
        {
            Assert.Null(ConvLayerBatch.MismatchReport(Cases.ToList(), new Random(Seed)));
        }
    }
}
