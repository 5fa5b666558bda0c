using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Layers declared with <c>PackedWeights = true</c>: those on small NCHW maps run channels last on weights packed HWIO
    /// (<see cref="ChannelsLastPlan"/>), the others keep their regular kernel and weights packed as they are; both kinds,
    /// packed by their generated <c>PackWeights</c> method, match the float64 reference on every path.
    /// </summary>
    public sealed class PackedWeightsTests
    {
        private const int Seed = 20261130;

        /// <summary>Small maps that run channels last.</summary>
        private static readonly ConvCase[] ChannelsLastCases =
        {
            // SSD's detection heads with fewer input channels: "same" 3×3 windows on 5×5, 3×3 and 1×1 maps, bias.
            new(64, 42, 5, 5, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true, PackedWeights: true),
            new(96, 16, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true, PackedWeights: true),
            new(128, 84, 1, 1, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true, PackedWeights: true),
            // Grouped; stride 2 onto a 4×4 map; dilation 2 with asymmetric padding and LeakyReLU; a 1×1 window, 7 channels (Vector128 lanes).
            new(64, 48, 4, 4, 3, 3, Groups: 4, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, PackedWeights: true),
            new(24, 40, 7, 7, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu6, PackedWeights: true),
            new(20, 36, 6, 7, 3, 3, DilationHeight: 2, DilationWidth: 2, PadTop: 2, PadBottom: 1, PadLeft: 0, PadRight: 2, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f, PackedWeights: true),
            new(9, 7, 5, 5, 1, 1, HasBias: true, PackedWeights: true),
            // 3 output channels: the NHWC kernel has only its scalar path, the copies still transpose with AVX.
            new(12, 3, 4, 4, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, PackedWeights: true),
        };

        /// <summary>
        /// Layers whose packed weights are the weights unchanged: a larger map, NHWC, two threads, depthwise, and a single
        /// output position whose window is all real input (AlexNet's 6×6 classifier layer with fewer channels: dot products).
        /// </summary>
        private static readonly ConvCase[] RegularCases =
        {
            new(32, 100, 6, 6, 6, 6, Activation: Activation.Relu, HasBias: true, PackedWeights: true),
            new(16, 32, 16, 16, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true, PackedWeights: true),
            new(24, 40, 5, 5, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Layout: TensorLayout.Nhwc, PackedWeights: true),
            new(64, 48, 5, 5, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Threads: 2, PackedWeights: true),
            new(32, 32, 6, 6, 3, 3, Groups: 32, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, PackedWeights: true),
        };

        [Fact]
        public void Small_NCHW_maps_with_packed_weights_run_channels_last_and_the_others_do_not()
        {
            Assert.All(ChannelsLastCases, c => Assert.True(ChannelsLastPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)) is not null, $"{c} does not run channels last"));
            Assert.All(RegularCases, c => Assert.True(ChannelsLastPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)) is null, $"{c} runs channels last"));
            // Without PackedWeights the same small layers keep their NCHW kernels.
            Assert.All(ChannelsLastCases, c => Assert.Null(ChannelsLastPlanner.Plan(ConvCaseDeclarations.ShapeOf(c with { PackedWeights = false }))));
        }

        [Fact]
        public void Layers_with_packed_weights_match_the_float64_reference_and_stay_inside_their_spans()
        {
            var cases = ChannelsLastCases.Concat(RegularCases).ToList();
            Assert.All(cases, c => Assert.True(c.IsValid, c.ToString()));
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed)));
        }
    }
}
