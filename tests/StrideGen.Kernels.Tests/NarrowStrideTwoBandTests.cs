using System;
using System.Collections.Generic;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Stride-2 layers with 16 to 31 output channels a group (ResNeXt's and RegNet's grouped stride-2 layers, small
    /// networks' downsampling layers) pack bands where a band fills the vectors better than the output rows do, and run in
    /// place where the rows fill them: the permutes of a stride-2 load in place cost less than packing for so few channels,
    /// but a 14-wide row on a 16-lane path does not run in place at all. The layers run against the float64 reference.
    /// </summary>
    public sealed class NarrowStrideTwoBandTests
    {
        private const int Seed = 20261128;

        [Theory]
        [InlineData(512, 28, 32, true)] // ResNeXt-50 stage 3: 32 groups of 16, 14-wide rows
        [InlineData(64, 56, 4, true)] // RegNetX-400MF stage 1: 4 groups of 16, 28-wide rows
        [InlineData(24, 28, 1, true)] // 14-wide rows
        [InlineData(16, 32, 1, false)] // 16-wide rows fill a Vector512 and two Vector256s
        [InlineData(16, 112, 1, false)] // 56-wide rows: three 16-lane vectors and an 8-lane one
        public void Narrow_stride_2_layers_are_banded_where_bands_fill_the_vectors_better(int channels, int size, int groups, bool banded)
        {
            var plan = ConvCaseDeclarations.PlanOf(new ConvCase(channels, channels, size, size, 3, 3, 2, 2,
                PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: groups));
            Assert.Equal(banded, plan.Vector512?.Band is not null);
            Assert.Equal(banded, plan.Vector256?.Band is not null);
        }

        [Fact]
        public void Narrow_stride_2_bands_match_the_float64_reference()
        {
            var cases = new List<ConvCase>
            {
                new(64, 64, 28, 28, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 4, HasBias: true, Activation: Activation.Relu),
                new(48, 48, 30, 30, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 2),
                new(24, 24, 28, 28, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true),
                new(40, 40, 17, 23, 3, 3, 2, 2, PadTop: 0, PadBottom: 1, PadLeft: 1, PadRight: 0, Groups: 2, Activation: Activation.LeakyRelu),
                new(32, 16, 20, 20, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
                new(64, 64, 28, 28, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 2, Threads: 2),
                new(16, 24, 29, 29, 5, 5, 2, 2, PaddingMode: PaddingMode.Same, HasBias: true),
            };
            foreach (var c in cases)
            {
                var plan = ConvCaseDeclarations.PlanOf(c);
                Assert.True(plan.Vector512?.Band is not null || plan.Vector256?.Band is not null, $"{c}: banded on a wide path");
            }

            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed)));
        }
    }
}
