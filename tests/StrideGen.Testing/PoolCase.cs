using System;
using System.Collections.Generic;

namespace StrideGen.Testing
{
    /// <summary>
    /// One max or average pooling configuration for tests, with its own (independent) shape arithmetic: the tests never ask
    /// the generator's geometry what the output size, the default stride or the SAME padding is.
    /// </summary>
    /// <remarks>
    /// <see cref="StrideHeight"/> and <see cref="StrideWidth"/> are the strides as written on the attribute: null leaves them
    /// out, so they default to the kernel size (<see cref="RowStep"/>, <see cref="ColumnStep"/>).
    /// </remarks>
    public sealed record PoolCase(
        bool IsMax,
        int Channels,
        int InputHeight,
        int InputWidth,
        int KernelHeight,
        int KernelWidth,
        int? StrideHeight = null,
        int? StrideWidth = null,
        int DilationHeight = 1,
        int DilationWidth = 1,
        PaddingMode PaddingMode = PaddingMode.Explicit,
        int PadTop = 0,
        int PadBottom = 0,
        int PadLeft = 0,
        int PadRight = 0,
        bool CeilMode = false,
        bool CountIncludePad = false,
        TensorLayout Layout = TensorLayout.Nchw)
    {
        /// <summary>The vertical step: as written, else the kernel height (PyTorch's and Keras's default).</summary>
        public int RowStep => StrideHeight ?? KernelHeight;

        /// <summary>The horizontal step: as written, else the kernel width.</summary>
        public int ColumnStep => StrideWidth ?? KernelWidth;

        /// <summary>"MaxPool2D" or "AvgPool2D".</summary>
        public string Attribute => IsMax ? "MaxPool2D" : "AvgPool2D";

        /// <summary>(top, bottom, left, right) after the padding mode is applied.</summary>
        public (int Top, int Bottom, int Left, int Right) Pads
        {
            get
            {
                if (PaddingMode == PaddingMode.Explicit)
                {
                    return (PadTop, PadBottom, PadLeft, PadRight);
                }

                if (PaddingMode == PaddingMode.Valid)
                {
                    return (0, 0, 0, 0);
                }

                var (top, bottom) = SamePads(InputHeight, KernelHeight, RowStep, DilationHeight);
                var (left, right) = SamePads(InputWidth, KernelWidth, ColumnStep, DilationWidth);
                return (top, bottom, left, right);
            }
        }

        public int OutputHeight => OutputSize(InputHeight, Pads.Top, Pads.Bottom, KernelHeight, RowStep, DilationHeight);

        public int OutputWidth => OutputSize(InputWidth, Pads.Left, Pads.Right, KernelWidth, ColumnStep, DilationWidth);

        public int InputLength => Channels * InputHeight * InputWidth;

        public int OutputLength => Channels * OutputHeight * OutputWidth;

        /// <summary>Window taps over every output: the work of the float64 reference.</summary>
        public long Taps => (long)OutputLength * KernelHeight * KernelWidth;

        /// <summary>
        /// Whether the declaration is one StrideGen accepts: a non-empty output, every pad smaller than the kernel on its axis,
        /// every window holding a real cell, dilation for max pooling only, CountIncludePad for average pooling only.
        /// </summary>
        public bool IsValid
        {
            get
            {
                var (top, bottom, left, right) = Pads;
                return Channels >= 1 && KernelHeight >= 1 && KernelWidth >= 1 && RowStep >= 1 && ColumnStep >= 1
                    && (IsMax || (DilationHeight == 1 && DilationWidth == 1))
                    && (!IsMax || !CountIncludePad)
                    && top < KernelHeight && bottom < KernelHeight && left < KernelWidth && right < KernelWidth
                    && InputHeight + top + bottom >= DilationHeight * (KernelHeight - 1) + 1
                    && InputWidth + left + right >= DilationWidth * (KernelWidth - 1) + 1
                    && OutputHeight > 0 && OutputWidth > 0
                    && !HasEmptyWindow;
            }
        }

        /// <summary>
        /// Whether some window holds no real cell at all (possible only for a dilated max pool on an input smaller than the
        /// dilation). StrideGen rejects such a layer (a max over nothing has no value; ONNX Runtime writes float.MinValue).
        /// </summary>
        public bool HasEmptyWindow
        {
            get
            {
                var (top, _, left, _) = Pads;
                return AxisHasEmptyWindow(OutputHeight, RowStep, top, KernelHeight, DilationHeight, InputHeight)
                    || AxisHasEmptyWindow(OutputWidth, ColumnStep, left, KernelWidth, DilationWidth, InputWidth);
            }
        }

        /// <summary>The attribute's named arguments, written the way a person would (shared values where the axes agree).</summary>
        public string AttributeArguments()
        {
            var args = new List<string>
            {
                $"Channels = {Channels}",
                $"InputHeight = {InputHeight}",
                $"InputWidth = {InputWidth}",
            };
            Pair(args, "KernelSize", "KernelHeight", "KernelWidth", KernelHeight, KernelWidth, null);
            if (StrideHeight is int sh && StrideWidth is int sw)
            {
                Pair(args, "Stride", "StrideHeight", "StrideWidth", sh, sw, null);
            }
            else if (StrideHeight is int onlyHeight)
            {
                args.Add($"StrideHeight = {onlyHeight}");
            }
            else if (StrideWidth is int onlyWidth)
            {
                args.Add($"StrideWidth = {onlyWidth}");
            }

            Pair(args, "Dilation", "DilationHeight", "DilationWidth", DilationHeight, DilationWidth, 1);
            if (PaddingMode != PaddingMode.Explicit)
            {
                args.Add($"PaddingMode = PaddingMode.{PaddingMode}");
            }
            else if (PadTop == PadBottom && PadTop == PadLeft && PadTop == PadRight)
            {
                if (PadTop != 0)
                {
                    args.Add($"Padding = {PadTop}");
                }
            }
            else
            {
                args.Add($"PadTop = {PadTop}, PadBottom = {PadBottom}, PadLeft = {PadLeft}, PadRight = {PadRight}");
            }

            if (CeilMode)
            {
                args.Add("CeilMode = true");
            }

            if (CountIncludePad)
            {
                args.Add("CountIncludePad = true");
            }

            if (Layout == TensorLayout.Nhwc)
            {
                args.Add("Layout = TensorLayout.Nhwc");
            }

            return string.Join(", ", args);
        }

        /// <summary>The partial method declaration.</summary>
        public string Declaration(string name, string modifiers = "public static partial") =>
            $"[{Attribute}({AttributeArguments()})]\n{modifiers} void {name}(ReadOnlySpan<float> input, Span<float> output);";

        public override string ToString() => $"[{Attribute}({AttributeArguments()})]";

        private static void Pair(List<string> args, string shared, string first, string second, int a, int b, int? defaultValue)
        {
            if (a == b)
            {
                if (a != defaultValue)
                {
                    args.Add($"{shared} = {a}");
                }
            }
            else
            {
                args.Add($"{first} = {a}, {second} = {b}");
            }
        }

        /// <summary>
        /// floor((input + pads − dilation·(kernel − 1) − 1) / stride) + 1, or with ceil in ceil mode, where a last window that
        /// would start in the trailing padding (at or past input + padBefore) is dropped.
        /// </summary>
        private int OutputSize(int input, int padBefore, int padAfter, int kernel, int stride, int dilation)
        {
            int span = input + padBefore + padAfter - (dilation * (kernel - 1) + 1);
            if (span < 0)
            {
                return 0;
            }

            if (!CeilMode)
            {
                return span / stride + 1;
            }

            int output = (span + stride - 1) / stride + 1;
            return (output - 1) * stride >= input + padBefore ? output - 1 : output;
        }

        private (int Before, int After) SamePads(int input, int kernel, int stride, int dilation)
        {
            int output = (input + stride - 1) / stride;
            int total = Math.Max(0, (output - 1) * stride + dilation * (kernel - 1) + 1 - input);
            int small = total / 2, large = total - total / 2;
            return PaddingMode == PaddingMode.Same ? (small, large) : (large, small);
        }

        private static bool AxisHasEmptyWindow(int outputs, int stride, int padBefore, int kernel, int dilation, int input)
        {
            for (int o = 0; o < outputs; o++)
            {
                bool real = false;
                for (int k = 0; k < kernel && !real; k++)
                {
                    int position = o * stride - padBefore + k * dilation;
                    real = position >= 0 && position < input;
                }

                if (!real)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
