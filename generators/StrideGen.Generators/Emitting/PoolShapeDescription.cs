using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>Human-readable summaries of a pooling layer's shape, for doc comments and file headers.</summary>
    internal static class PoolShapeDescription
    {
        /// <summary>"MaxPool2D" or "AvgPool2D": the attribute that declares the layer.</summary>
        public static string Kind(PoolShape s) => s.IsMax ? "MaxPool2D" : "AvgPool2D";

        /// <summary>"max pooling" or "average pooling".</summary>
        public static string Noun(PoolShape s) => s.IsMax ? "max pooling" : "average pooling";

        /// <summary>E.g. "8×14×16, kernel 3, stride 2, padding 1, ceil mode, padded cells counted → 8×8×9"; NHWC: "14×16×8 (H×W×C), … → 8×9×8".</summary>
        public static string Summary(PoolShape s)
        {
            string window = $"kernel {ShapeDescription.Pair(s.KernelHeight, s.KernelWidth)}, stride {ShapeDescription.Pair(s.StrideHeight, s.StrideWidth)}, padding {Padding(s)}{Extras(s)}";
            return s.Layout == LayoutKind.Nhwc
                ? $"{s.InputHeight}×{s.InputWidth}×{s.Channels} (H×W×C), {window} → {s.OutputHeight}×{s.OutputWidth}×{s.Channels}"
                : $"{s.Channels}×{s.InputHeight}×{s.InputWidth}, {window} → {s.Channels}×{s.OutputHeight}×{s.OutputWidth}";
        }

        /// <summary>"1" when all four sides agree, else "top 1, bottom 2, left 1, right 2"; the padding mode when it chose them.</summary>
        public static string Padding(PoolShape s)
        {
            bool uniform = s.PadTop == s.PadBottom && s.PadTop == s.PadLeft && s.PadTop == s.PadRight;
            return (uniform ? Literals.Int(s.PadTop) : $"top {s.PadTop}, bottom {s.PadBottom}, left {s.PadLeft}, right {s.PadRight}") + Mode(s.PaddingMode);
        }

        /// <summary>What the divisor of an average counts, or how a max treats padding, in one sentence.</summary>
        public static string Semantics(PoolShape s) =>
            s.IsMax ? "Padded cells never win the max."
            : s.CountIncludePad ? "The average divides by the cells of the window inside the padded input (padding counts as zeros; a ceil-mode window's overhang past the padding does not count)."
            : "The average divides by the number of real (unpadded) cells in the window.";

        private static string Mode(PaddingRule mode) => mode switch
        {
            PaddingRule.Same => " (Same)",
            PaddingRule.SameLower => " (SameLower)",
            PaddingRule.Valid => " (Valid)",
            _ => string.Empty,
        };

        private static string Extras(PoolShape s)
        {
            string text = string.Empty;
            if (s.DilationHeight != 1 || s.DilationWidth != 1)
            {
                text += $", dilation {ShapeDescription.Pair(s.DilationHeight, s.DilationWidth)}";
            }

            if (s.CeilMode)
            {
                text += ", ceil mode";
            }

            if (s.CountIncludePad)
            {
                text += ", padded cells counted";
            }

            return text;
        }
    }
}
