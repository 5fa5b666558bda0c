using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Chooses whether an NCHW layer declared with <c>PackedWeights</c> runs channels last (<see cref="ChannelsLastPlan"/>).
    /// On a small map an NCHW kernel's lanes are output pixels, many of them border pixels whose windows reach into the
    /// padding (a 5×5 map's 3×3 windows: a quarter of the taps), and a plane fills its vectors badly (25 positions in 32
    /// lanes). Lanes of output channels fill every vector and leave out the taps on padding; they need each tap's weights
    /// contiguous across output channels, which is what packing the weights once (HWIO) gives, as ONNX Runtime packs its
    /// weights when a session starts. The copies of input and output cost little beside the multiply-adds on such maps.
    /// </summary>
    internal static class ChannelsLastPlanner
    {
        /// <summary>Output planes of at most this many positions run channels last (an 8×8 map); larger ones fill their vectors well enough in place.</summary>
        public const int MaxOutputPixels = 64;

        /// <summary>The input's and output's copies live on the stack, within the budget of a packed band (docs/limits.md).</summary>
        public const int StackBytes = BandPlanner.ScratchBytes;

        /// <summary>
        /// Whether the output is a single position whose window lies wholly on real input (a classifier as a 1×1 layer on a
        /// 1×1 map, AlexNet's 6×6 layer onto 1×1): its regular plan is one dot product per output channel along each
        /// channel's contiguous OIHW weights, while lanes of output channels would stride across all the packed taps'
        /// rows (MobileNet's classifier ran 87 µs channels last against 57 in place, AlexNet's 6×6 layer 23 ms against 7).
        /// With taps on padding (SSD's 3×3 heads on 1×1 maps) the packed rows of the real taps are all it reads.
        /// </summary>
        private static bool IsWholeWindowDotProduct(ConvShape shape)
        {
            var (rowFirst, rowEnd) = shape.Rows.ValidTaps(0);
            var (columnFirst, columnEnd) = shape.Columns.ValidTaps(0);
            return shape.OutputHeight * shape.OutputWidth == 1 && rowEnd - rowFirst == shape.KernelHeight && columnEnd - columnFirst == shape.KernelWidth;
        }

        /// <summary>The layer's channels-last plan, or null where it runs its regular kernel (its packed weights then being the weights unchanged).</summary>
        public static ChannelsLastPlan? Plan(ConvShape shape)
        {
            bool depthwise = shape.InChannelsPerGroup == 1 && shape.OutChannelsPerGroup == 1;
            if (!shape.PackedWeights || shape.Layout != LayoutKind.Nchw || shape.Threads != 1 || depthwise
                || shape.OutputHeight * shape.OutputWidth > MaxOutputPixels || IsWholeWindowDotProduct(shape)
                || (shape.InputLength + shape.OutputLength) * sizeof(float) > StackBytes)
            {
                return null;
            }

            return new ChannelsLastPlan(shape, NhwcKernelPlanner.Plan(shape with { Layout = LayoutKind.Nhwc }));
        }
    }
}
