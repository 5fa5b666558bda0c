using System.Collections.Generic;

namespace StrideGen.Geometry
{
    /// <summary>The outcome of resolving a declaration: the shape (null when a parameter is out of range) and every problem found.</summary>
    internal sealed record ConvResolution(ConvShape? Shape, IReadOnlyList<LayerProblem> Problems)
    {
        public bool HasErrors => Problems is List<LayerProblem> list ? list.Exists(p => p.IsError) : HasErrorsSlow();

        private bool HasErrorsSlow()
        {
            foreach (var problem in Problems)
            {
                if (problem.IsError)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Turns a <c>[Conv2D]</c> declaration into a resolved <see cref="ConvShape"/> and the list of its problems.
    /// The one place the convolution rules live: the generator, the analyzer and the tests all call it.
    /// </summary>
    internal static class ConvGeometry
    {
        /// <param name="d">The attribute as written.</param>
        /// <param name="upstream">The output of the layer named by <c>From</c>, which supplies the input shape; null without a chain.</param>
        public static ConvResolution Resolve(LayerDeclaration d, TensorShape? upstream = null)
        {
            var rules = new DeclarationRules(new List<LayerProblem>()) { PaddingScalesWithDilation = true };
            int outChannels = d.OutChannels ?? 1;
            int groups = d.Groups ?? 1;
            int paddingMode = d.PaddingMode ?? 0;
            int activation = d.Activation ?? 0;
            int layout = d.Layout ?? 0;

            rules.Enum("PaddingMode", paddingMode, 3, "Explicit, Valid, Same or SameLower");
            rules.Enum("Activation", activation, 3, "None, Relu, Relu6 or LeakyRelu");
            rules.Enum("Layout", layout, 1, "Nchw or Nhwc");

            var input = LayerInput.Resolve(rules, d, "InChannels", d.InChannels, upstream, defaultChannels: 1);
            rules.AtLeastOne("OutChannels", outChannels, LayerLimits.MaxChannels);
            rules.AtLeastOne("Groups", groups, LayerLimits.MaxChannels);
            int threads = d.Threads ?? 1;
            rules.AtLeastOne("Threads", threads, LayerLimits.MaxThreads);

            int? kernelHeight = rules.Overridable("KernelSize", d.KernelSize, "KernelHeight", d.KernelHeight, null, LayerLimits.MaxKernel);
            int? kernelWidth = rules.Overridable("KernelSize", d.KernelSize, "KernelWidth", d.KernelWidth, null, LayerLimits.MaxKernel);
            int? strideHeight = rules.Overridable("Stride", d.Stride, "StrideHeight", d.StrideHeight, 1, LayerLimits.MaxStrideOrDilation);
            int? strideWidth = rules.Overridable("Stride", d.Stride, "StrideWidth", d.StrideWidth, 1, LayerLimits.MaxStrideOrDilation);
            int? dilationHeight = rules.Overridable("Dilation", d.Dilation, "DilationHeight", d.DilationHeight, 1, LayerLimits.MaxStrideOrDilation);
            int? dilationWidth = rules.Overridable("Dilation", d.Dilation, "DilationWidth", d.DilationWidth, 1, LayerLimits.MaxStrideOrDilation);
            int? padTop = rules.Pad(d.Padding, "PadTop", d.PadTop, dilationHeight ?? 1);
            int? padBottom = rules.Pad(d.Padding, "PadBottom", d.PadBottom, dilationHeight ?? 1);
            int? padLeft = rules.Pad(d.Padding, "PadLeft", d.PadLeft, dilationWidth ?? 1);
            int? padRight = rules.Pad(d.Padding, "PadRight", d.PadRight, dilationWidth ?? 1);
            rules.PaddingModeConflicts(d, paddingMode);

            if (input is { } shape && outChannels >= 1 && groups >= 1 && (shape.Channels % groups != 0 || outChannels % groups != 0))
            {
                string which = shape.Channels % groups != 0 ? "InChannels" : "OutChannels";
                rules.Add(ProblemKind.GroupsMismatch, "Groups",
                    $"InChannels = {shape.Channels} and OutChannels = {outChannels} must both be divisible by Groups = {groups} ({which} is not)");
            }

            if (rules.HasInvalidOrUnsupported || input is null || kernelHeight is null || kernelWidth is null
                || strideHeight is null || strideWidth is null || dilationHeight is null || dilationWidth is null
                || padTop is null || padBottom is null || padLeft is null || padRight is null)
            {
                return new ConvResolution(null, rules.Problems);
            }

            var rule = (PaddingRule)paddingMode;
            var (top, bottom) = ResolvePads(rule, input.Height, kernelHeight.Value, strideHeight.Value, dilationHeight.Value, padTop.Value, padBottom.Value);
            var (left, right) = ResolvePads(rule, input.Width, kernelWidth.Value, strideWidth.Value, dilationWidth.Value, padLeft.Value, padRight.Value);

            var result = new ConvShape(
                input.Channels, input.Height, input.Width, outChannels,
                kernelHeight.Value, kernelWidth.Value, strideHeight.Value, strideWidth.Value,
                dilationHeight.Value, dilationWidth.Value, top, bottom, left, right, groups, rule,
                (ActivationKind)activation, d.LeakyReluSlope ?? 0.01f, (LayoutKind)layout, d.HasBias)
            {
                Threads = threads,
                PackedWeights = d.PackedWeights ?? false,
            };

            rules.Axis(result.Rows, rule, "height", "rows", "InputHeight", DeclarationRules.PadName(d.Padding, d.PadTop, "PadTop"), DeclarationRules.PadName(d.Padding, d.PadBottom, "PadBottom"), paddingOnlyIsError: false);
            rules.Axis(result.Columns, rule, "width", "columns", "InputWidth", DeclarationRules.PadName(d.Padding, d.PadLeft, "PadLeft"), DeclarationRules.PadName(d.Padding, d.PadRight, "PadRight"), paddingOnlyIsError: false);
            rules.Lengths(("input", result.InputLength), ("weights", result.WeightLength), ("output", result.OutputLength));
            return new ConvResolution(result, rules.Problems);
        }

        /// <summary>The pads a padding mode yields on one axis, before and after.</summary>
        public static (int Before, int After) ResolvePads(PaddingRule rule, int input, int kernel, int stride, int dilation, int explicitBefore, int explicitAfter)
        {
            switch (rule)
            {
                case PaddingRule.Valid:
                    return (0, 0);
                case PaddingRule.Same:
                case PaddingRule.SameLower:
                    int total = (int)ConvAxis.SamePaddingTotal(input, kernel, stride, dilation);
                    int half = total / 2;
                    return rule == PaddingRule.Same ? (half, total - half) : (total - half, half);
                default:
                    return (explicitBefore, explicitAfter);
            }
        }
    }
}
