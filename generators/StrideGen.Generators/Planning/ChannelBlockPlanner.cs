using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Decides whether a depthwise layer on a small map runs in channel blocks (see <see cref="ChannelBlockPlan"/>), where a
    /// block's three tensors fit the stack. NCHW: where the taps on padding, which an NCHW kernel's pixel lanes cannot leave
    /// out, are a large share of the work. NHWC: where the channels put every pixel in a few of L1's sets (see
    /// <see cref="CrowdsL1Sets"/>). Measured (sweep, ONNX Runtime's time over ours, NCHW kernel → blocks):
    /// ConvNeXt's 7×7 layers on 7×7 (57% of taps real) 0.85 → 1.55 and on 14×14 (77%) 1.00 → 1.11, EfficientNet's 5×5 on
    /// 7×7 (69%) 1.19 → 1.56; but MobileNet's 3×3 on 14×14 (91%) 2.16 → 1.08 and EfficientNet's 5×5 on 14×14 (84%)
    /// 1.41 → 1.13, where copying costs more than the padding; MobileNetV2's 3×3 on 7×7 (82%) gained 8% on Vector512
    /// and lost 10% on Vector256. NHWC (Vector512): MobileNetV1's 1024×7×7 3×3 layer 0.28 → 1.04, its 512×14×14 one
    /// 1.16 → 1.49, ConvNeXt's 768×7×7 7×7 one 1.16 → 1.66; MobileNetV2's 960×7×7 3×3 layer, whose pixels spread over 16
    /// sets, 2.23 → 1.61, so it keeps its kernel.
    /// </summary>
    internal static class ChannelBlockPlanner
    {
        /// <summary>Channels per block: two Vector512 lanes, four Vector256 ones, the NHWC kernel's widest depthwise tiles.</summary>
        public const int BlockChannels = 32;

        /// <summary>Output maps up to 14×14 run in blocks (ConvNeXt's 7×7 layers on 14×14 and 7×7, EfficientNet's on 7×7).</summary>
        public const int MaxOutputPixels = 14 * 14;

        /// <summary>The three stack blocks stay within 64 KB.</summary>
        public const int MaxStackFloats = 16 * 1024;

        /// <summary>Layers where at most this share of an NCHW kernel's multiply-adds reads real input run in blocks.</summary>
        public const double MaxRealTapShare = 0.8;

        public static ChannelBlockPlan? Plan(ConvShape shape)
        {
            bool depthwise = shape.Groups == shape.InChannels && shape.Groups == shape.OutChannels;
            if (!depthwise || shape.OutChannels < BlockChannels || shape.OutputHeight * shape.OutputWidth > MaxOutputPixels
                || (shape.Layout == LayoutKind.Nchw ? RealTapShare(shape) > MaxRealTapShare : !CrowdsL1Sets(shape.OutChannels)))
            {
                return null;
            }

            var block = shape with { InChannels = BlockChannels, OutChannels = BlockChannels, Groups = BlockChannels, Layout = LayoutKind.Nhwc, Threads = 1 };
            var plan = new ChannelBlockPlan(shape, BlockChannels, NhwcKernelPlanner.Plan(block));
            return plan.StackFloats <= MaxStackFloats && plan.Block.Vector512 is not null && plan.Block.Vector is not null ? plan : null;
        }

        /// <summary>
        /// Whether NHWC pixels of <paramref name="channels"/> floats fall in at most 8 of the 64 sets of a 32 KB, 8-way L1
        /// (64-byte lines): pixel p's channel c is in set (p·channels/16 + c/16) mod 64, so with a multiple of 128 channels
        /// a tile's inputs, weights and outputs, every one of them a whole pixel apart, evict each other. MobileNetV1's 1024
        /// channels put all pixels in one set: its 7×7 depthwise layer ran 3.6× slower than ONNX Runtime.
        /// </summary>
        public static bool CrowdsL1Sets(int channels) => channels % 128 == 0;

        /// <summary>
        /// The share of the multiply-adds of a kernel that computes every tap of every output (as pixel lanes do) whose tap
        /// reads real input: per axis, the outputs' taps on real input over all their taps, the two axes multiplied.
        /// ConvNeXt's 7×7 window on a 7×7 map: (4 + 5 + 6 + 7 + 6 + 5 + 4) / 49 per axis, 0.57 in all.
        /// </summary>
        public static double RealTapShare(ConvShape shape) => shape.Rows.RealTapShare * shape.Columns.RealTapShare;
    }
}
