using System.Linq;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>Human-readable summaries of a layer's shape, for doc comments and file headers.</summary>
    internal static class ShapeDescription
    {
        /// <summary>E.g. "1×7×7, kernel 3, stride 2, padding 0 → 1×3×3"; NHWC: "7×7×1 (H×W×C), kernel 3, stride 2, padding 0 → 3×3×1".</summary>
        public static string Summary(ConvShape s) => s.Layout == LayoutKind.Nhwc
            ? $"{s.InputHeight}×{s.InputWidth}×{s.InChannels} (H×W×C), {Window(s)} → {s.OutputHeight}×{s.OutputWidth}×{s.OutChannels}"
            : $"{s.InChannels}×{s.InputHeight}×{s.InputWidth}, {Window(s)} → {s.OutChannels}×{s.OutputHeight}×{s.OutputWidth}";

        /// <summary>"kernel 3, stride 2, padding 0" and any dilation, groups and activation.</summary>
        private static string Window(ConvShape s) =>
            $"kernel {Pair(s.KernelHeight, s.KernelWidth)}, stride {Pair(s.StrideHeight, s.StrideWidth)}, padding {Padding(s)}{Extras(s)}";

        /// <summary>
        /// The doc text of a tensor's length constant, its factors in the tensor's layout: "Floats in &lt;c&gt;input&lt;/c&gt;:
        /// InputHeight × InputWidth × Channels = 6 × 6 × 72 = 2592." for NHWC, channels first for NCHW.
        /// </summary>
        public static string LengthDoc(string tensor, bool nhwc, (string Name, long Value) channels, (string Name, long Value) height, (string Name, long Value) width, long length)
        {
            var factors = nhwc ? new[] { height, width, channels } : new[] { channels, height, width };
            return $"Floats in <c>{tensor}</c>: {string.Join(" × ", factors.Select(f => f.Name))} = {string.Join(" × ", factors.Select(f => f.Value))} = {length}.";
        }

        /// <summary>"3" for a square pair, "3×5" otherwise.</summary>
        public static string Pair(int height, int width) => height == width ? Literals.Int(height) : $"{height}×{width}";

        /// <summary>"1" when all four sides agree, else "top 1, bottom 2, left 1, right 2".</summary>
        public static string Padding(ConvShape s)
        {
            string mode = s.PaddingMode switch
            {
                PaddingRule.Same => " (Same)",
                PaddingRule.SameLower => " (SameLower)",
                PaddingRule.Valid => " (Valid)",
                _ => string.Empty,
            };
            bool uniform = s.PadTop == s.PadBottom && s.PadTop == s.PadLeft && s.PadTop == s.PadRight;
            return (uniform ? Literals.Int(s.PadTop) : $"top {s.PadTop}, bottom {s.PadBottom}, left {s.PadLeft}, right {s.PadRight}") + mode;
        }

        private static string Extras(ConvShape s)
        {
            string text = string.Empty;
            if (s.DilationHeight != 1 || s.DilationWidth != 1)
            {
                text += $", dilation {Pair(s.DilationHeight, s.DilationWidth)}";
            }

            if (s.Groups != 1)
            {
                text += s.Groups == s.InChannels && s.Groups == s.OutChannels ? $", depthwise ({s.Groups} groups)" : $", {s.Groups} groups";
            }

            if (s.Activation != ActivationKind.None)
            {
                text += $", {s.Activation}";
            }

            return text;
        }
    }
}
