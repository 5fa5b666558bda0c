using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// NHWC layers whose every channel block passes over the rows once per chunk of input channels run the chunks outside
    /// the blocks (<see cref="NhwcPath.SharedChunkChannels"/>): a chunk's weights for all output channels are read once, in
    /// order, and stay in L2 while each block takes its part, a block whose chunk is smaller taking the shared chunk in
    /// steps of its own, a block whose chunk is larger shrinking to it.
    /// </summary>
    public sealed class SharedChunkTests
    {
        private const int Seed = 20261127;

        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // ResNet-18's last stage: 512 → 512 3×3 on 7×7 (9.4 MB of weights).
            new(512, 512, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Layout: TensorLayout.Nhwc),
            // Two groups, bias and leaky ReLU: each group's chunks run outside its blocks.
            new(512, 384, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 2, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f, HasBias: true, Layout: TensorLayout.Nhwc),
            // Two threads, each taking its own rows of every chunk, on an 8×8 map with ReLU.
            new(256, 320, 8, 8, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, Layout: TensorLayout.Nhwc, Threads: 2),
            // Stride 2 with asymmetric padding, ReLU6.
            new(384, 256, 15, 15, 3, 3, 2, 2, PadTop: 0, PadBottom: 1, PadLeft: 1, PadRight: 0, Activation: Activation.Relu6, Layout: TensorLayout.Nhwc),
        };

        /// <summary>
        /// In every edge layer some vector path shares its chunks; where one does, every block is chunked, each block's chunk
        /// divides the shared one, which divides the group's input channels, and its weights for all the group's output
        /// channels fit <see cref="NhwcKernelPlanner.SharedChunkWeightBytes"/>.
        /// </summary>
        [Fact]
        public void Shared_chunks_divide_the_input_channels_and_every_block_chunk_divides_them()
        {
            foreach (var c in EdgeCases())
            {
                var plan = ConvCaseDeclarations.NhwcPlanOf(c);
                Assert.Contains(plan.VectorPaths, path => path.SharedChunkChannels > 0);
                int perGroup = c.InChannels / c.Groups;
                foreach (var path in plan.VectorPaths.Where(path => path.SharedChunkChannels > 0))
                {
                    int shared = path.SharedChunkChannels;
                    Assert.True(perGroup % shared == 0 && shared < perGroup, $"{c}: {path.Target.Name} shares {shared} of {perGroup} channels");
                    Assert.True((long)c.KernelHeight * c.KernelWidth * shared * (c.OutChannels / c.Groups) * sizeof(float) <= NhwcKernelPlanner.SharedChunkWeightBytes, $"{c}: {path.Target.Name}");
                    Assert.All(path.Blocks, b => Assert.True(shared % b.ChunkChannels == 0 && b.ChunkChannels % b.ChannelUnroll == 0, $"{c}: {path.Target.Name} block {b.Name} chunk {b.ChunkChannels}"));
                }
            }
        }

        /// <summary>
        /// ResNet-18's 512 → 512 layer on 7×7: on Vector512 the 48-channel blocks take 8 channels at a time and the 32-channel
        /// block 16, so they share 16 (in two steps of 8); on Vector256 the 8-channel block's chunk of 64 would make the shared
        /// chunk's weights 1.2 MB, so it shrinks to the 24-channel blocks' 16. A 1×1 layer of 64 channels, whose blocks are
        /// not chunked, shares nothing.
        /// </summary>
        [Fact]
        public void A_larger_block_chunk_shrinks_to_the_shared_one_where_its_own_would_not_stay_in_L2()
        {
            var plan = ConvCaseDeclarations.NhwcPlanOf(EdgeCases()[0]);
            Assert.Equal(16, plan.Vector512!.SharedChunkChannels);
            Assert.Equal(new[] { 8, 16 }, plan.Vector512.Blocks.Select(b => b.ChunkChannels).Distinct().OrderBy(n => n));
            Assert.Equal(16, plan.Vector!.SharedChunkChannels);
            Assert.All(plan.Vector.Blocks, b => Assert.Equal(16, b.ChunkChannels));

            var pointwise = ConvCaseDeclarations.NhwcPlanOf(new ConvCase(64, 64, 14, 14, 1, 1, Layout: TensorLayout.Nhwc));
            Assert.All(pointwise.VectorPaths, path => Assert.Equal(0, path.SharedChunkChannels));
        }

        [Fact]
        public void Edge_layers_match_the_float64_reference_and_stay_inside_their_spans()
        {
            var cases = EdgeCases();
            Assert.All(cases, c => Assert.True(c.IsValid, c.ToString()));
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed)));
        }
    }
}
