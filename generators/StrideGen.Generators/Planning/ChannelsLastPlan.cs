using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// An NCHW layer with packed weights that runs channels last (see <see cref="ChannelsLastPlanner"/>): its input copied
    /// to the stack with each pixel's channels contiguous, the NHWC <see cref="Kernel"/> run on that copy with the weights
    /// packed HWIO, and its output pixels copied back to planes.
    /// </summary>
    /// <param name="Shape">The layer (NCHW).</param>
    /// <param name="Kernel">The plan of the same layer laid out NHWC: output channels in vector lanes, taps on padding left out.</param>
    internal sealed record ChannelsLastPlan(ConvShape Shape, NhwcKernelPlan Kernel)
    {
        /// <summary>Floats of the input's copy on the stack (H×W×C).</summary>
        public long InputFloats => Shape.InputLength;

        /// <summary>Floats of the output's copy on the stack (H×W×C).</summary>
        public long OutputFloats => Shape.OutputLength;

        /// <summary>Input pixels: the input planes' length.</summary>
        public long InputPixels => (long)Shape.InputHeight * Shape.InputWidth;

        /// <summary>Output pixels: the output planes' length.</summary>
        public long OutputPixels => Shape.OutputHeight * Shape.OutputWidth;
    }
}
