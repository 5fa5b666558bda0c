using StrideGen.Geometry;
using StrideGen.Testing;

namespace StrideGen.Kernels.Tests
{
    /// <summary>The declaration the generator would read for a convolution test case, for tests that plan kernels directly.</summary>
    internal static class ConvCaseDeclarations
    {
        /// <summary>The kernel plan the generator makes for <paramref name="c"/> (its regular plan).</summary>
        public static StrideGen.Generators.Planning.KernelPlan PlanOf(ConvCase c) =>
            StrideGen.Generators.Planning.KernelPlanner.Plan(ShapeOf(c));

        /// <summary>
        /// The kernel plan the generated file follows for <paramref name="c"/>: the regular plan, or the step of the emitter's
        /// fallback ladder that keeps the kernel class within its budget (null where the layer takes another kernel).
        /// </summary>
        public static StrideGen.Generators.Planning.KernelPlan? ChosenPlanOf(ConvCase c) =>
            StrideGen.Generators.Emitting.ConvLayerEmitter.Plans("Kernel", ShapeOf(c)).Plan;

        /// <summary>The resolved shape of <paramref name="c"/>, as the generator's planners receive it (the case must be valid).</summary>
        public static ConvShape ShapeOf(ConvCase c) => ConvGeometry.Resolve(Of(c)).Shape!;

        /// <summary>The NHWC kernel plan the generator makes for <paramref name="c"/>.</summary>
        public static StrideGen.Generators.Planning.NhwcKernelPlan NhwcPlanOf(ConvCase c) => StrideGen.Generators.Planning.NhwcKernelPlanner.Plan(ShapeOf(c));

        /// <summary>Explicit pads as written, or the padding mode; the case's own layout.</summary>
        public static LayerDeclaration Of(ConvCase c) => new()
        {
            InChannels = c.InChannels,
            OutChannels = c.OutChannels,
            InputHeight = c.InputHeight,
            InputWidth = c.InputWidth,
            KernelHeight = c.KernelHeight,
            KernelWidth = c.KernelWidth,
            StrideHeight = c.StrideHeight,
            StrideWidth = c.StrideWidth,
            DilationHeight = c.DilationHeight,
            DilationWidth = c.DilationWidth,
            PaddingMode = (int)c.PaddingMode,
            PadTop = c.PaddingMode == PaddingMode.Explicit ? c.PadTop : null,
            PadBottom = c.PaddingMode == PaddingMode.Explicit ? c.PadBottom : null,
            PadLeft = c.PaddingMode == PaddingMode.Explicit ? c.PadLeft : null,
            PadRight = c.PaddingMode == PaddingMode.Explicit ? c.PadRight : null,
            Groups = c.Groups,
            Activation = (int)c.Activation,
            LeakyReluSlope = c.LeakyReluSlope,
            Layout = c.Layout == TensorLayout.Nhwc ? (int)LayoutKind.Nhwc : (int)LayoutKind.Nchw,
            HasBias = c.HasBias,
            Threads = c.Threads,
            PackedWeights = c.PackedWeights,
        };
    }
}
