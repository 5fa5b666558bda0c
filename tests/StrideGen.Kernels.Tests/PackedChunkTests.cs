using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// NHWC layers whose channel blocks pass over the rows once per chunk of input channels copy each chunk's weights
    /// contiguous to the stack first, where the output channels are a multiple of 128 (HWIO rows then crowd into few of
    /// L1's sets) and the map has at least 256 output pixels; their tiles read the packed chunk instead of HWIO.
    /// </summary>
    public sealed class PackedChunkTests
    {
        private const int Seed = 20261129;

        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // 256 → 128 3×3 on 16×16, bias and ReLU; its rows dilated 2 (padded 2 above and below), since undilated it runs
            // as NHWC Winograd on these paths (NhwcWinogradTests).
            new(256, 128, 16, 16, 3, 3, DilationHeight: 2, PadTop: 2, PadBottom: 2, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true, Layout: TensorLayout.Nhwc),
            // A 1×1 layer, 512 → 256 on 16×16.
            new(512, 256, 16, 16, 1, 1, Layout: TensorLayout.Nhwc),
            // Stride 2 from 33×33 to 17×17 (289 pixels), ReLU6.
            new(192, 128, 33, 33, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu6, Layout: TensorLayout.Nhwc),
            // Two groups of 128 input and 128 output channels: each group's chunks packed from its own rows.
            new(256, 256, 16, 16, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Groups: 2, HasBias: true, Layout: TensorLayout.Nhwc),
        };

        /// <summary>Every chunked block of the edge layers packs its chunks (on Vector512 at least one is chunked), and no other block does.</summary>
        [Fact]
        public void Edge_layers_pack_the_chunks_of_every_chunked_block()
        {
            foreach (var c in EdgeCases())
            {
                var plan = ConvCaseDeclarations.NhwcPlanOf(c);
                Assert.True(plan.Vector512!.Blocks.Any(b => b.PacksChunks), $"{c}: Vector512 packs no chunk");
                foreach (var path in new[] { plan.Vector512!, plan.Vector! })
                {
                    Assert.All(path.Blocks, b => Assert.True(b.PacksChunks == b.ChunkChannels < c.InChannels / c.Groups, $"{c}: {path.Target.Name} block {b.Name}"));
                }
            }
        }

        /// <summary>
        /// 1024 → 1024 1×1 on 16×16 packs; on 8×8 (64 pixels) the Vector512 path's copy waits on memory with too little work
        /// to hide it, and 1000 output channels do not crowd L1's sets: neither packs. On ResNet-18's 512 → 512 3×3 layer on
        /// 7×7 the Vector256 path, whose tiles read each weight vector for only a few pixels, packs where Vector512 does not;
        /// with 500 output channels neither does.
        /// </summary>
        [Fact]
        public void Only_power_of_two_like_channel_counts_pack_and_on_small_maps_only_the_narrower_paths()
        {
            ConvCase Pointwise(int outChannels, int size) => new(1024, outChannels, size, size, 1, 1, Layout: TensorLayout.Nhwc);
            Assert.Contains(ConvCaseDeclarations.NhwcPlanOf(Pointwise(1024, 16)).Vector512!.Blocks, b => b.PacksChunks);
            Assert.DoesNotContain(ConvCaseDeclarations.NhwcPlanOf(Pointwise(1024, 8)).Vector512!.Blocks, b => b.PacksChunks);
            Assert.DoesNotContain(ConvCaseDeclarations.NhwcPlanOf(Pointwise(1000, 16)).Vector512!.Blocks, b => b.PacksChunks);

            ConvCase LastStage(int outChannels) => new(512, outChannels, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Layout: TensorLayout.Nhwc);
            var resnet = ConvCaseDeclarations.NhwcPlanOf(LastStage(512));
            Assert.All(resnet.Vector!.Blocks, b => Assert.True(b.PacksChunks, b.Name));
            Assert.DoesNotContain(resnet.Vector512!.Blocks, b => b.PacksChunks);
            Assert.DoesNotContain(ConvCaseDeclarations.NhwcPlanOf(LastStage(500)).Vector!.Blocks, b => b.PacksChunks);
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
