using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StrideGen.Kernels.Fixtures;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Multi-threaded layers generated at build time (<see cref="ParallelLayers"/>): each against the float64 reference and,
    /// bit for bit, against its one-thread twin; called from several tasks at once (so calls share and reuse the job
    /// objects); without allocating once warm; and with the entry's checks before anything is pinned or queued.
    /// </summary>
    public sealed class ParallelFixtureTests
    {
        private delegate void Layer(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        public static IEnumerable<object[]> Layers() => Names.Select(name => new object[] { name });

        private static readonly string[] Names =
        {
            nameof(ParallelLayers.TilesWithRemainder),
            nameof(ParallelLayers.Grouped),
            nameof(ParallelLayers.FewGroupsThreeThreads),
            nameof(ParallelLayers.Depthwise),
            nameof(ParallelLayers.DepthwiseNarrowRows),
            nameof(ParallelLayers.ThreeThreads),
            nameof(ParallelLayers.OneTile),
            nameof(ParallelLayers.PackedBands),
            nameof(ParallelLayers.PackedOneBand),
            nameof(ParallelLayers.Nhwc),
            nameof(ParallelLayers.NhwcDepthwise),
        };

        [Theory]
        [MemberData(nameof(Layers))]
        public void Multi_threaded_layer_matches_the_reference_and_its_one_thread_twin_bit_for_bit(string name)
        {
            var (c, parallel, oneThread) = Find(name);
            var random = new Random(name.Length * 6007);
            var (input, weights, bias) = Operands(c, random);
            var expected = new float[c.OutputLength];
            oneThread(input, weights, bias, expected);

            // Several calls: the first allocates the job, later ones reuse it.
            for (int call = 0; call < 3; call++)
            {
                var output = new float[c.OutputLength];
                output.AsSpan().Fill(float.NaN); // every output must be written
                parallel(input, weights, bias, output);

                var (reference, magnitude) = ConvReference.Compute(c, input, weights, bias);
                Assert.Null(ConvReference.FirstMismatch(reference, magnitude, output));
                Assert.Null(FirstBitDifference(expected, output));
            }
        }

        [Theory]
        [MemberData(nameof(Layers))]
        public async Task Calls_from_several_tasks_at_once_each_get_their_own_result(string name)
        {
            var (c, parallel, oneThread) = Find(name);
            const int tasks = 4, callsPerTask = 25;
            var random = new Random(name.Length * 7727);
            var operands = Enumerable.Range(0, tasks).Select(_ => Operands(c, random)).ToList();
            var expected = operands.Select(o =>
            {
                var output = new float[c.OutputLength];
                oneThread(o.Input, o.Weights, o.Bias, output);
                return output;
            }).ToList();

            using var start = new Barrier(tasks);
            var failures = await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Factory.StartNew(() =>
            {
                var (input, weights, bias) = operands[t];
                var output = new float[c.OutputLength];
                start.SignalAndWait();
                for (int call = 0; call < callsPerTask; call++)
                {
                    output.AsSpan().Fill(float.NaN);
                    parallel(input, weights, bias, output);
                    if (FirstBitDifference(expected[t], output) is { } difference)
                    {
                        return $"task {t}, call {call}: {difference}";
                    }
                }

                return null;
            }, TaskCreationOptions.LongRunning)));

            Assert.All(failures, failure => Assert.Null(failure));
        }

        /// <remarks>
        /// While the JIT tiers the kernel up, a few calls allocate on the calling thread (call counting, about 5 KB over the
        /// first few hundred calls, for one-thread layers too), and when that ends depends on whatever else the process
        /// compiles. So each layer gets windows of 25 calls until one allocates nothing: a layer that allocated per call (a
        /// job, a closure, a task) never gets there.
        /// </remarks>
        [Fact]
        public void A_warm_call_allocates_nothing_on_the_callers_thread()
        {
            foreach (string name in Names)
            {
                var (c, parallel, _) = Find(name);
                var (input, weights, bias) = Operands(c, new Random(1));
                var output = new float[c.OutputLength];
                long allocated = -1;
                for (int window = 0; window < 60 && allocated != 0; window++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int call = 0; call < 25; call++)
                    {
                        parallel(input, weights, bias, output);
                    }

                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                }

                Assert.True(allocated == 0, $"{name}: every window of 25 warm calls allocated, the last {allocated} bytes");
            }
        }

        [Fact]
        public void Wrong_lengths_and_overlaps_throw_before_any_output_is_written()
        {
            var c = Find(nameof(ParallelLayers.TilesWithRemainder)).Case;
            var input = new float[c.InputLength];
            var weights = new float[c.WeightLength];
            var bias = new float[c.OutChannels];
            var output = new float[c.OutputLength];
            output.AsSpan().Fill(42f);

            var e = Assert.Throws<ArgumentException>(() => ParallelLayers.TilesWithRemainder(input, weights.AsSpan(1), bias, output));
            Assert.Equal("weights", e.ParamName);

            // An output that overlaps the input: a buffer holding both.
            var shared = new float[c.InputLength + c.OutputLength - 1];
            shared.AsSpan().Fill(42f);
            var overlap = Assert.Throws<ArgumentException>(() =>
                ParallelLayers.TilesWithRemainder(shared.AsSpan(0, c.InputLength), weights, bias, shared.AsSpan(c.InputLength - 1)));
            Assert.Equal("output", overlap.ParamName);

            Assert.All(output, v => Assert.Equal(42f, v));
            Assert.All(shared, v => Assert.Equal(42f, v));
        }

        private static (float[] Input, float[] Weights, float[]? Bias) Operands(ConvCase c, Random random) => RandomConvCases.Tensors(random, c);

        /// <summary>The first output whose bits differ, or null: the parts compute each output exactly as the one-thread kernel does.</summary>
        private static string? FirstBitDifference(float[] expected, float[] actual)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                {
                    return $"output {i} is {actual[i]:R}, the one-thread kernel's {expected[i]:R}";
                }
            }

            return null;
        }

        /// <summary>The fixture's declaration as a test case (its own arithmetic), the multi-threaded layer and its one-thread twin.</summary>
        private static (ConvCase Case, Layer Parallel, Layer OneThread) Find(string name) => name switch
        {
            nameof(ParallelLayers.TilesWithRemainder) => (
                new ConvCase(16, 23, 30, 30, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f, HasBias: true),
                ParallelLayers.TilesWithRemainder, ParallelLayers.TilesWithRemainderOneThread),
            nameof(ParallelLayers.Grouped) => (
                new ConvCase(16, 24, 26, 26, 3, 3, 2, 2, PaddingMode: PaddingMode.Same, Groups: 4, Activation: Activation.Relu6),
                (i, w, b, o) => ParallelLayers.Grouped(i, w, o), (i, w, b, o) => ParallelLayers.GroupedOneThread(i, w, o)),
            nameof(ParallelLayers.FewGroupsThreeThreads) => (
                new ConvCase(8, 32, 20, 20, 3, 3, Groups: 2),
                (i, w, b, o) => ParallelLayers.FewGroupsThreeThreads(i, w, o), (i, w, b, o) => ParallelLayers.FewGroupsThreeThreadsOneThread(i, w, o)),
            nameof(ParallelLayers.Depthwise) => (
                new ConvCase(32, 32, 28, 28, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 32, HasBias: true),
                ParallelLayers.Depthwise, ParallelLayers.DepthwiseOneThread),
            nameof(ParallelLayers.DepthwiseNarrowRows) => (
                new ConvCase(15, 15, 14, 14, 5, 5, 2, 2, PaddingMode: PaddingMode.Same, Groups: 15),
                (i, w, b, o) => ParallelLayers.DepthwiseNarrowRows(i, w, o), (i, w, b, o) => ParallelLayers.DepthwiseNarrowRowsOneThread(i, w, o)),
            nameof(ParallelLayers.ThreeThreads) => (
                new ConvCase(8, 40, 33, 33, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true),
                ParallelLayers.ThreeThreads, ParallelLayers.ThreeThreadsOneThread),
            nameof(ParallelLayers.OneTile) => (
                new ConvCase(4, 2, 24, 24, 3, 3),
                (i, w, b, o) => ParallelLayers.OneTile(i, w, o), (i, w, b, o) => ParallelLayers.OneTileOneThread(i, w, o)),
            nameof(ParallelLayers.PackedBands) => (
                new ConvCase(24, 32, 28, 28, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true),
                ParallelLayers.PackedBands, ParallelLayers.PackedBandsOneThread),
            nameof(ParallelLayers.PackedOneBand) => (
                new ConvCase(32, 40, 14, 14, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
                (i, w, b, o) => ParallelLayers.PackedOneBand(i, w, o), (i, w, b, o) => ParallelLayers.PackedOneBandOneThread(i, w, o)),
            nameof(ParallelLayers.Nhwc) => (
                new ConvCase(16, 24, 27, 27, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true, Layout: TensorLayout.Nhwc),
                ParallelLayers.Nhwc, ParallelLayers.NhwcOneThread),
            nameof(ParallelLayers.NhwcDepthwise) => (
                new ConvCase(32, 32, 28, 28, 3, 3, 2, 2, PaddingMode: PaddingMode.Same, Groups: 32, Layout: TensorLayout.Nhwc),
                (i, w, b, o) => ParallelLayers.NhwcDepthwise(i, w, o), (i, w, b, o) => ParallelLayers.NhwcDepthwiseOneThread(i, w, o)),
            _ => throw new ArgumentException(name),
        };
    }
}
