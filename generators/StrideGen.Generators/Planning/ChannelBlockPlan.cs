using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// A depthwise layer run as ONNX Runtime's NCHWc kernels run it: <see cref="BlockChannels"/> channels at a time, copied
    /// into a block on the stack where each pixel's channels are contiguous, convolved there by an NHWC kernel with channels
    /// in vector lanes (<see cref="Block"/>, which reads only the taps on real input), and copied back. NCHW: on a small
    /// map many of an NCHW kernel's pixel lanes hold border pixels, whose windows reach into the padding; lanes of channels
    /// waste nothing there. NHWC: a block's pixels are 128 bytes apart, so they spread over L1's sets (see
    /// <see cref="ChannelBlockPlanner.CrowdsL1Sets"/>).
    /// </summary>
    /// <param name="Shape">The layer.</param>
    /// <param name="BlockChannels">Channels per block; a last block that would run past the channels starts early, overlapping the one before.</param>
    /// <param name="Block">The NHWC kernel of one block: the layer with <see cref="BlockChannels"/> channels, channels last.</param>
    internal sealed record ChannelBlockPlan(ConvShape Shape, int BlockChannels, NhwcKernelPlan Block)
    {
        /// <summary>Blocks of <see cref="BlockChannels"/> from channel 0 on, before the overlapping last one (if any).</summary>
        public int WholeBlocks => Shape.OutChannels / BlockChannels;

        /// <summary>Whether a last block ends at the last channel, overlapping the one before.</summary>
        public bool HasOverlappingBlock => Shape.OutChannels % BlockChannels != 0;

        public long InputPixels => (long)Shape.InputHeight * Shape.InputWidth;

        public long OutputPixels => Shape.OutputHeight * Shape.OutputWidth;

        public int Taps => Shape.KernelHeight * Shape.KernelWidth;

        /// <summary>Blocks in all, the overlapping last one included.</summary>
        public int Blocks => WholeBlocks + (HasOverlappingBlock ? 1 : 0);

        /// <summary>Parts a multi-threaded layer's vector paths deal the blocks to: one a thread, at most one a block.</summary>
        public int Parts => System.Math.Min(Shape.Threads, Blocks);

        /// <summary>Floats of the three stack blocks: input, weights and output of one block, channels last.</summary>
        public long StackFloats => (InputPixels + Taps + OutputPixels) * BlockChannels;
    }
}
