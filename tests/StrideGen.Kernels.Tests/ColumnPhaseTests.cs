using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Strided layers over long rows that run as the stride-1 layer over their input split into column phases (see
    /// <see cref="ColumnPhasePlan"/>): raw-audio first layers and a few 2-D layers with wide strided windows. The split
    /// input and filters are written on every call, on every path (the scalar one too), so the hand-picked layers cover
    /// padding on either side that is not a multiple of the stride, windows whose last phases have a tap fewer (zeros in
    /// the derived filters), several input channels and rows, a kernel taller than one row with stride and dilation
    /// along the columns, bias and activations; they and random ones run against the float64 reference (compiled, as
    /// every <see cref="ConvLayerBatch"/>, as a project that allows unsafe code, on a stack left full of NaN: a phase
    /// float on padding left unwritten shows in the outputs).
    /// </summary>
    public sealed class ColumnPhaseTests
    {
        private const int Seed = 20261128;

        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // The torchaudio tutorial's M5: 80 taps at stride 16 over one second at 8 kHz, 32 filters, bias.
            new(1, 32, 1, 8000, 1, 80, 1, 16, HasBias: true),
            // M5's 80 taps at stride 4 (a quarter of its 16000 samples), ReLU.
            new(1, 24, 1, 4000, 1, 80, 1, 4, HasBias: true, Activation: Activation.Relu),
            // SoundNet's first layer shape: 64 taps at stride 2, padded 32 each side, ReLU6, no bias.
            new(1, 16, 1, 6000, 1, 64, 1, 2, PadLeft: 32, PadRight: 32, Activation: Activation.Relu6),
            // 33 taps at stride 4: phases 1–3 meet 8 taps, phase 0 meets 9 (the derived filters end in three zeros); padding 16.
            new(1, 16, 1, 2000, 1, 33, 1, 4, PadLeft: 16, PadRight: 16, HasBias: true),
            // 24 taps at stride 3, padding 5 left and 7 right (not multiples of the stride), leaky ReLU, an odd row length.
            new(1, 16, 1, 3001, 1, 24, 1, 3, PadLeft: 5, PadRight: 7, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
            // Four input channels, 16 taps at stride 2 (an ECG network's shape), padding 7.
            new(4, 16, 1, 1000, 1, 16, 1, 2, PadLeft: 7, PadRight: 7, HasBias: true),
            // 2-D: a 3×16 window at stride 2×4 over one channel of 20×600, every side padded.
            new(1, 24, 20, 600, 3, 16, 2, 4, PadTop: 1, PadBottom: 1, PadLeft: 6, PadRight: 5, HasBias: true),
            // 2-D: a 3×10 window at stride 1×5, dilated 2 down the columns, over 2 channels of 6×500.
            new(2, 24, 6, 500, 3, 10, 1, 5, DilationHeight: 2, PadTop: 2, PadBottom: 2, Activation: Activation.Relu),
        };

        [Fact]
        public void Edge_layers_run_over_column_phases()
        {
            Assert.All(EdgeCases(), c => Assert.True(ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(c)) is not null, c.ToString()));
        }

        /// <summary>
        /// M5's, the tutorial M5's and SoundNet's first layers split their columns, each into as many phases as its stride,
        /// with windows ceil(K / s) taps wide. These do not: AlexNet's 11×11 stride-4 layer (its split would not fit the
        /// stack), wav2vec 2.0's 10-tap stride-5 layer (it packs bands, every load contiguous already), ViT's 16×16 patches
        /// (one tap a phase), a 3×3 window at stride 2 (4 taps a row for 3), M5 with packed weights, and a 6×6 stride-2 layer
        /// that runs as Winograd. On two threads M5's derived layer runs on two threads.
        /// </summary>
        [Fact]
        public void Only_strided_layers_over_long_rows_run_over_column_phases()
        {
            var m5 = new ConvCase(1, 128, 1, 16000, 1, 80, 1, 4, HasBias: true);
            var plan = ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(m5));
            Assert.NotNull(plan);
            Assert.Equal((4, 20, 4, 3981 + 19), (plan!.Phases, plan.PhaseTaps, plan.Derived.InChannels, plan.PhaseWidth));
            Assert.Equal(plan.Shape.OutputWidth, plan.Derived.OutputWidth);
            Assert.Equal(1, plan.Derived.StrideWidth);

            var tutorial = ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(new(1, 32, 1, 8000, 1, 80, 1, 16, HasBias: true)));
            Assert.Equal((16, 5, 496), (tutorial!.Phases, tutorial.PhaseTaps, (int)tutorial.Derived.OutputWidth));

            var soundNet = ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(new(1, 16, 1, 22050, 1, 64, 1, 2, PadLeft: 32, PadRight: 32, HasBias: true)));
            Assert.Equal((2, 32, 11026), (soundNet!.Phases, soundNet.PhaseTaps, (int)soundNet.Derived.OutputWidth));

            Assert.Null(ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(new(3, 64, 224, 224, 11, 11, 4, 4, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, HasBias: true))));
            Assert.Null(ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(new(1, 512, 1, 16000, 1, 10, 1, 5))));
            Assert.Null(ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(new(3, 768, 224, 224, 16, 16, 16, 16, HasBias: true))));
            Assert.Null(ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(new(8, 8, 1, 4000, 1, 3, 1, 2, PadLeft: 1, PadRight: 1))));
            Assert.Equal(2, ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(m5 with { Threads = 2 }))!.Derived.Threads);
            Assert.Null(ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(m5 with { PackedWeights = true })));

            // A 6×6 stride-2 layer of 24 output channels runs in place, and would split (3 taps a phase), but it runs as
            // stride-2 Winograd, which it keeps.
            var sixBySix = ConvCaseDeclarations.ShapeOf(new(3, 24, 32, 160, 6, 6, 2, 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2));
            Assert.True(KernelPlanner.Plan(sixBySix).Vector512 is { Band: null, Dot: null, Regions: null });
            Assert.NotNull(TileRowWinogradPlanner.Plan(sixBySix));
            Assert.Null(ColumnPhasePlanner.Plan(sixBySix));
        }

        /// <summary>
        /// Which input column each phase float holds, and which of them lie on padding: SoundNet's padding of 32 at stride
        /// 2 puts phase floats 0..15 of both phases on the left padding; a padding of 5 at stride 3 puts 2 floats of phases
        /// 0 and 1 there (padded columns 0, 3 and 1, 4) and 1 of phase 2 (column 2).
        /// </summary>
        [Fact]
        public void Phase_floats_map_to_the_padded_row()
        {
            var soundNet = ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(new(1, 16, 1, 22050, 1, 64, 1, 2, PadLeft: 32, PadRight: 32)))!;
            Assert.Equal(0, soundNet.InputColumn(0, 16));
            Assert.Equal(1, soundNet.InputColumn(1, 16));
            Assert.Equal((16, 11041), soundNet.RealFloats(0));
            Assert.Equal((16, 11041), soundNet.RealFloats(1));

            var odd = ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(EdgeCases()[4]))!;
            Assert.Equal((2, 1002), odd.RealFloats(0)); // columns 1, 4, …, 2998
            Assert.Equal((2, 1002), odd.RealFloats(1)); // columns 2, 5, …, 2999
            Assert.Equal((1, 1002), odd.RealFloats(2)); // columns 0, 3, …, 3000
            for (int r = 0; r < 3; r++)
            {
                var (first, end) = odd.RealFloats(r);
                Assert.True(odd.InputColumn(r, first) >= 0 && odd.InputColumn(r, first - 1) < 0, $"phase {r} starts on the row");
                Assert.True(odd.InputColumn(r, end - 1) < 3001 && (end == odd.PhaseWidth || odd.InputColumn(r, end) >= 3001), $"phase {r} ends on the row");
            }
        }

        [Fact]
        public void Edge_layers_match_the_float64_reference_and_stay_inside_their_spans()
        {
            var cases = EdgeCases();
            Assert.All(cases, c => Assert.True(c.IsValid, c.ToString()));
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed)));
        }

        /// <summary>
        /// The edge layers on 2 threads, and the two M5s on 3: each part splits the whole input and filters on its own stack
        /// and runs its part of the derived layer; the same outputs bit for bit as their one-thread twins, and the reference's.
        /// </summary>
        [Fact]
        public void Multi_threaded_column_phase_layers_match_their_one_thread_twins()
        {
            var cases = EdgeCases().Select(c => c with { Threads = 2 }).Concat(EdgeCases().Take(2).Select(c => c with { Threads = 3 })).ToList();
            Assert.All(cases, c => Assert.True(ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(c)) is { } plan && plan.Derived.Threads == c.Threads, c.ToString()));
            Assert.Null(ThreadedTwins.MismatchReport(cases, new Random(Seed + 3)));
        }

        /// <summary>Random strided layers over long rows (1–4 input channels, 1–3 rows, strides 2–8, windows of 2–5 strides, any padding), kept where they split their columns.</summary>
        [Fact]
        public void Random_column_phase_layers_match_the_float64_reference()
        {
            var random = new Random(Seed + 1);
            var cases = new List<ConvCase>();
            for (int attempt = 0; cases.Count < 16 && attempt < 5000; attempt++)
            {
                int stride = random.Next(2, 9), kernel = stride * random.Next(2, 6) - random.Next(0, 2), height = random.Next(1, 4), kernelHeight = random.Next(1, height + 1);
                var c = new ConvCase(random.Next(1, 5), random.Next(8, 41), height, random.Next(200, 3000), kernelHeight, kernel, random.Next(1, 3), stride,
                    PadTop: random.Next(0, kernelHeight), PadBottom: random.Next(0, kernelHeight), PadLeft: random.Next(0, kernel), PadRight: random.Next(0, kernel),
                    Activation: (Activation)random.Next(4), LeakyReluSlope: 0.1f, HasBias: random.Next(2) == 0);
                if (c.IsValid && ColumnPhasePlanner.Plan(ConvCaseDeclarations.ShapeOf(c)) is not null)
                {
                    cases.Add(c);
                }
            }

            Assert.Equal(16, cases.Count);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 2)));
        }
    }
}
