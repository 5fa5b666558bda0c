using System.Collections.Generic;

namespace StrideGen.Geometry
{
    /// <summary>The outcome of resolving a declaration: the shape (null when a parameter is out of range) and every problem found.</summary>
    internal sealed record ConvResolution(ConvShape? Shape, IReadOnlyList<LayerProblem> Problems)
    {
        public bool HasErrors
        {
            get
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
    }

    /// <summary>
    /// Turns a <c>[Conv2D]</c> declaration into a resolved <see cref="ConvShape"/> and the list of its problems.
    /// The one place the shape rules live: the generator, the analyzer and the tests all call it.
    /// </summary>
    internal static class ConvGeometry
    {
        public static ConvResolution Resolve(ConvDeclaration d)
        {
            var problems = new List<LayerProblem>();

            int inChannels = d.InChannels ?? 1;
            int outChannels = d.OutChannels ?? 1;
            int groups = d.Groups ?? 1;
            int paddingMode = d.PaddingMode ?? 0;
            int activation = d.Activation ?? 0;
            int layout = d.Layout ?? 0;

            CheckEnum(problems, "PaddingMode", paddingMode, 3, "Explicit, Valid, Same or SameLower");
            CheckEnum(problems, "Activation", activation, 3, "None, Relu, Relu6 or LeakyRelu");
            CheckEnum(problems, "Layout", layout, 1, "Nchw or Nhwc");

            CheckAtLeastOne(problems, "InChannels", inChannels, LayerLimits.MaxChannels);
            CheckAtLeastOne(problems, "OutChannels", outChannels, LayerLimits.MaxChannels);
            CheckAtLeastOne(problems, "Groups", groups, LayerLimits.MaxChannels);

            int? inputHeight = Required(problems, "InputHeight", d.InputHeight, LayerLimits.MaxInputSize);
            int? inputWidth = Required(problems, "InputWidth", d.InputWidth, LayerLimits.MaxInputSize);

            int? kernelHeight = Overridable(problems, "KernelSize", d.KernelSize, "KernelHeight", d.KernelHeight, null, LayerLimits.MaxKernel);
            int? kernelWidth = Overridable(problems, "KernelSize", d.KernelSize, "KernelWidth", d.KernelWidth, null, LayerLimits.MaxKernel);
            int? strideHeight = Overridable(problems, "Stride", d.Stride, "StrideHeight", d.StrideHeight, 1, LayerLimits.MaxStrideOrDilation);
            int? strideWidth = Overridable(problems, "Stride", d.Stride, "StrideWidth", d.StrideWidth, 1, LayerLimits.MaxStrideOrDilation);
            int? dilationHeight = Overridable(problems, "Dilation", d.Dilation, "DilationHeight", d.DilationHeight, 1, LayerLimits.MaxStrideOrDilation);
            int? dilationWidth = Overridable(problems, "Dilation", d.Dilation, "DilationWidth", d.DilationWidth, 1, LayerLimits.MaxStrideOrDilation);

            int? padTop = Pad(problems, d.Padding, "PadTop", d.PadTop);
            int? padBottom = Pad(problems, d.Padding, "PadBottom", d.PadBottom);
            int? padLeft = Pad(problems, d.Padding, "PadLeft", d.PadLeft);
            int? padRight = Pad(problems, d.Padding, "PadRight", d.PadRight);

            if (paddingMode != 0 && paddingMode <= 3)
            {
                foreach (var (name, value) in new[] { ("Padding", d.Padding), ("PadTop", d.PadTop), ("PadBottom", d.PadBottom), ("PadLeft", d.PadLeft), ("PadRight", d.PadRight) })
                {
                    if (value is int v && v != 0)
                    {
                        problems.Add(new LayerProblem(ProblemKind.Conflict, name,
                            $"{name} = {v} conflicts with PaddingMode.{(PaddingRule)paddingMode}, which chooses the padding itself; remove one of them"));
                    }
                }
            }

            if (layout == (int)LayoutKind.Nhwc)
            {
                problems.Add(new LayerProblem(ProblemKind.Unsupported, "Layout", "Layout = TensorLayout.Nhwc is not supported yet; use TensorLayout.Nchw"));
            }

            if (d.From is not null)
            {
                problems.Add(new LayerProblem(ProblemKind.Unsupported, "From", "From (layer chaining) is not supported yet; write InChannels, InputHeight and InputWidth"));
            }

            if (inChannels >= 1 && outChannels >= 1 && groups >= 1 && (inChannels % groups != 0 || outChannels % groups != 0))
            {
                string which = inChannels % groups != 0 ? "InChannels" : "OutChannels";
                problems.Add(new LayerProblem(ProblemKind.GroupsMismatch, "Groups",
                    $"InChannels = {inChannels} and OutChannels = {outChannels} must both be divisible by Groups = {groups} ({which} is not)"));
            }

            bool inRange = problems.TrueForAll(p => p.Kind != ProblemKind.InvalidParameter && p.Kind != ProblemKind.Unsupported);
            if (!inRange || inputHeight is null || inputWidth is null || kernelHeight is null || kernelWidth is null
                || strideHeight is null || strideWidth is null || dilationHeight is null || dilationWidth is null
                || padTop is null || padBottom is null || padLeft is null || padRight is null)
            {
                return new ConvResolution(null, problems);
            }

            var rule = (PaddingRule)paddingMode;
            var (top, bottom) = ResolvePads(rule, inputHeight.Value, kernelHeight.Value, strideHeight.Value, dilationHeight.Value, padTop.Value, padBottom.Value);
            var (left, right) = ResolvePads(rule, inputWidth.Value, kernelWidth.Value, strideWidth.Value, dilationWidth.Value, padLeft.Value, padRight.Value);

            var shape = new ConvShape(
                inChannels, inputHeight.Value, inputWidth.Value, outChannels,
                kernelHeight.Value, kernelWidth.Value, strideHeight.Value, strideWidth.Value,
                dilationHeight.Value, dilationWidth.Value, top, bottom, left, right, groups, rule,
                (ActivationKind)activation, d.LeakyReluSlope ?? 0.01f, (LayoutKind)layout, d.HasBias);

            CheckAxis(problems, shape.Rows, "height", "rows", "InputHeight", "PadTop", "PadBottom");
            CheckAxis(problems, shape.Columns, "width", "columns", "InputWidth", "PadLeft", "PadRight");

            foreach (var (name, length) in new[] { ("input", shape.InputLength), ("weights", shape.WeightLength), ("output", shape.OutputLength), ("multiply-accumulate count", shape.MultiplyAccumulates) })
            {
                if (length > LayerLimits.MaxLength && name != "multiply-accumulate count")
                {
                    problems.Add(new LayerProblem(ProblemKind.Unsupported, null,
                        $"The {name} length {length} overflows int (at most {LayerLimits.MaxLength} floats fit a span)"));
                }
            }

            return new ConvResolution(shape, problems);
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

        private static void CheckAxis(List<LayerProblem> problems, ConvAxis axis, string dimension, string lines, string inputName, string beforeName, string afterName)
        {
            if (axis.Output == 0)
            {
                problems.Add(new LayerProblem(ProblemKind.EmptyOutput, inputName,
                    $"The output {dimension} is empty: the dilated kernel spans {axis.EffectiveKernel} but the padded input {dimension} is {axis.Input} + {axis.PadBefore} + {axis.PadAfter} = {(long)axis.Input + axis.PadBefore + axis.PadAfter}"));
                return;
            }

            long unread = axis.UnreadTrailing;
            if (unread > axis.RegularGap)
            {
                problems.Add(new LayerProblem(ProblemKind.UnreadInput, afterName,
                    $"Stride {axis.Stride} leaves the last {unread} input {lines} of {axis.Input} unread (input {axis.Input}, kernel {axis.Kernel}, dilation {axis.Dilation}, padding {axis.PadBefore}+{axis.PadAfter} → {axis.Output} outputs)"));
            }

            foreach (var (name, pad) in new[] { (beforeName, axis.PadBefore), (afterName, axis.PadAfter) })
            {
                if (pad >= axis.EffectiveKernel)
                {
                    problems.Add(new LayerProblem(ProblemKind.PaddingOnlyOutputs, name,
                        $"{name} = {pad} is at least the dilated kernel extent {axis.EffectiveKernel}, so some outputs are computed from padding alone"));
                }
            }
        }

        private static void CheckEnum(List<LayerProblem> problems, string name, int value, int max, string allowed)
        {
            if (value < 0 || value > max)
            {
                problems.Add(new LayerProblem(ProblemKind.InvalidParameter, name, $"{name} = {value} is not a defined value; use {allowed}"));
            }
        }

        private static void CheckAtLeastOne(List<LayerProblem> problems, string name, int value, int limit)
        {
            if (value < 1)
            {
                problems.Add(new LayerProblem(ProblemKind.InvalidParameter, name, $"{name} must be at least 1, but is {value}"));
            }
            else if (value > limit)
            {
                problems.Add(new LayerProblem(ProblemKind.Unsupported, name, $"{name} = {value} is beyond what the generator supports (at most {limit})"));
            }
        }

        private static int? Required(List<LayerProblem> problems, string name, int? value, int limit)
        {
            if (value is null)
            {
                problems.Add(new LayerProblem(ProblemKind.InvalidParameter, null, $"{name} is required"));
                return null;
            }

            int before = problems.Count;
            CheckAtLeastOne(problems, name, value.Value, limit);
            return problems.Count == before ? value : null;
        }

        /// <summary>A per-axis value (<c>KernelHeight</c>) that overrides a shared one (<c>KernelSize</c>) when written.</summary>
        private static int? Overridable(List<LayerProblem> problems, string sharedName, int? shared, string axisName, int? axis, int? fallback, int limit)
        {
            if (shared is int s && axis is int a && s != a)
            {
                problems.Add(new LayerProblem(ProblemKind.Conflict, axisName, $"{axisName} = {a} conflicts with {sharedName} = {s}; write one of them"));
            }

            int? value = axis ?? shared ?? fallback;
            string name = axis is null ? sharedName : axisName;
            if (value is null)
            {
                if (!problems.Exists(p => p.Message.StartsWith(sharedName + " is required", System.StringComparison.Ordinal)))
                {
                    problems.Add(new LayerProblem(ProblemKind.InvalidParameter, null, $"{sharedName} is required (or {axisName})"));
                }

                return null;
            }

            if (problems.Exists(p => p.Argument == name && p.Kind != ProblemKind.Conflict))
            {
                return null; // The shared value was already reported for the other axis.
            }

            int before = problems.Count;
            CheckAtLeastOne(problems, name, value.Value, limit);
            return problems.Count == before ? value : null;
        }

        private static int? Pad(List<LayerProblem> problems, int? shared, string sideName, int? side)
        {
            if (shared is int s && side is int a && s != a)
            {
                problems.Add(new LayerProblem(ProblemKind.Conflict, sideName, $"{sideName} = {a} conflicts with Padding = {s}; write one of them"));
            }

            int value = side ?? shared ?? 0;
            string name = side is null ? "Padding" : sideName;
            if (value < 0)
            {
                if (!problems.Exists(p => p.Argument == name))
                {
                    problems.Add(new LayerProblem(ProblemKind.InvalidParameter, name, $"{name} must not be negative, but is {value}"));
                }

                return null;
            }

            if (value > LayerLimits.MaxPadding)
            {
                if (!problems.Exists(p => p.Argument == name))
                {
                    problems.Add(new LayerProblem(ProblemKind.Unsupported, name, $"{name} = {value} is beyond what the generator supports (at most {LayerLimits.MaxPadding})"));
                }

                return null;
            }

            return value;
        }
    }
}
