using System.Collections.Generic;

namespace StrideGen.Geometry
{
    /// <summary>The outcome of resolving a pooling declaration.</summary>
    internal sealed record PoolResolution(PoolShape? Shape, IReadOnlyList<LayerProblem> Problems)
    {
        public bool HasErrors => Problems is List<LayerProblem> list && list.Exists(p => p.IsError);
    }

    /// <summary>
    /// Turns a <c>[MaxPool2D]</c> or <c>[AvgPool2D]</c> declaration into a <see cref="PoolShape"/> and its problems.
    /// Stride defaults to the kernel size (PyTorch, Keras); dilation exists for max pooling only, and
    /// <c>CountIncludePad</c> for average pooling only.
    /// </summary>
    internal static class PoolGeometry
    {
        public static PoolResolution Resolve(LayerDeclaration d, TensorShape? upstream = null)
        {
            bool isMax = d.Kind == LayerKind.MaxPool2D;
            var rules = new DeclarationRules(new List<LayerProblem>());
            int paddingMode = d.PaddingMode ?? 0;
            int layout = d.Layout ?? 0;
            rules.Enum("PaddingMode", paddingMode, 3, "Explicit, Valid, Same or SameLower");
            rules.Enum("Layout", layout, 1, "Nchw or Nhwc");

            var input = LayerInput.Resolve(rules, d, "Channels", d.Channels, upstream, defaultChannels: null);
            int? kernelHeight = rules.Overridable("KernelSize", d.KernelSize, "KernelHeight", d.KernelHeight, null, LayerLimits.MaxKernel);
            int? kernelWidth = rules.Overridable("KernelSize", d.KernelSize, "KernelWidth", d.KernelWidth, null, LayerLimits.MaxKernel);
            int? strideHeight = rules.Overridable("Stride", d.Stride, "StrideHeight", d.StrideHeight, kernelHeight ?? 1, LayerLimits.MaxStrideOrDilation);
            int? strideWidth = rules.Overridable("Stride", d.Stride, "StrideWidth", d.StrideWidth, kernelWidth ?? 1, LayerLimits.MaxStrideOrDilation);
            int? dilationHeight = rules.Overridable("Dilation", d.Dilation, "DilationHeight", d.DilationHeight, 1, LayerLimits.MaxStrideOrDilation);
            int? dilationWidth = rules.Overridable("Dilation", d.Dilation, "DilationWidth", d.DilationWidth, 1, LayerLimits.MaxStrideOrDilation);
            int? padTop = rules.Pad(d.Padding, "PadTop", d.PadTop);
            int? padBottom = rules.Pad(d.Padding, "PadBottom", d.PadBottom);
            int? padLeft = rules.Pad(d.Padding, "PadLeft", d.PadLeft);
            int? padRight = rules.Pad(d.Padding, "PadRight", d.PadRight);
            rules.PaddingModeConflicts(d, paddingMode);

            if (!isMax)
            {
                foreach (var (name, value) in new[] { ("Dilation", d.Dilation), ("DilationHeight", d.DilationHeight), ("DilationWidth", d.DilationWidth) })
                {
                    if (value is int v && v != 1)
                    {
                        rules.Add(ProblemKind.Conflict, name, $"{name} = {v}: AvgPool2D has no dilation (only MaxPool2D does)");
                    }
                }
            }
            else if (d.CountIncludePad is true)
            {
                rules.Add(ProblemKind.Conflict, "CountIncludePad", "CountIncludePad applies to AvgPool2D only: padded cells never win a max");
            }


            if (rules.HasInvalidOrUnsupported || input is null || kernelHeight is null || kernelWidth is null
                || strideHeight is null || strideWidth is null || dilationHeight is null || dilationWidth is null
                || padTop is null || padBottom is null || padLeft is null || padRight is null)
            {
                return new PoolResolution(null, rules.Problems);
            }

            var rule = (PaddingRule)paddingMode;
            int dh = isMax ? dilationHeight.Value : 1, dw = isMax ? dilationWidth.Value : 1;
            var (top, bottom) = ConvGeometry.ResolvePads(rule, input.Height, kernelHeight.Value, strideHeight.Value, dh, padTop.Value, padBottom.Value);
            var (left, right) = ConvGeometry.ResolvePads(rule, input.Width, kernelWidth.Value, strideWidth.Value, dw, padLeft.Value, padRight.Value);
            var shape = new PoolShape(
                isMax, input.Channels, input.Height, input.Width, kernelHeight.Value, kernelWidth.Value,
                strideHeight.Value, strideWidth.Value, dh, dw, top, bottom, left, right, rule,
                d.CeilMode ?? false, !isMax && (d.CountIncludePad ?? false), (LayoutKind)layout);

            rules.Axis(shape.Rows, rule, "height", "rows", "InputHeight", DeclarationRules.PadName(d.Padding, d.PadTop, "PadTop"), DeclarationRules.PadName(d.Padding, d.PadBottom, "PadBottom"), paddingOnlyIsError: true);
            rules.Axis(shape.Columns, rule, "width", "columns", "InputWidth", DeclarationRules.PadName(d.Padding, d.PadLeft, "PadLeft"), DeclarationRules.PadName(d.Padding, d.PadRight, "PadRight"), paddingOnlyIsError: true);
            rules.Lengths(("input", shape.InputLength), ("output", shape.OutputLength));
            return new PoolResolution(shape, rules.Problems);
        }
    }
}
