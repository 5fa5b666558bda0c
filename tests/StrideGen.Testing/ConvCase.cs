using System;
using System.Collections.Generic;
using System.Globalization;

namespace StrideGen.Testing
{
    /// <summary>
    /// One convolution configuration for tests, with its own (independent) shape arithmetic: the tests never ask the
    /// generator's geometry what the output size or the SAME padding is. <see cref="Layout"/> says how the tensors are
    /// laid out: NCHW with OIHW weights (the default), or NHWC with HWIO weights. <see cref="Threads"/> is the attribute's
    /// <c>Threads</c>: how many threads one call runs on (it changes nothing in the arithmetic). <see cref="PackedWeights"/>
    /// is the attribute's <c>PackedWeights</c>: the layer reads its weights as its generated <c>PackWeights</c> method packs
    /// them (<see cref="ConvLayerBatch"/> packs them before each call), with the same values.
    /// </summary>
    public sealed record ConvCase(
        int InChannels,
        int OutChannels,
        int InputHeight,
        int InputWidth,
        int KernelHeight,
        int KernelWidth,
        int StrideHeight = 1,
        int StrideWidth = 1,
        int DilationHeight = 1,
        int DilationWidth = 1,
        PaddingMode PaddingMode = PaddingMode.Explicit,
        int PadTop = 0,
        int PadBottom = 0,
        int PadLeft = 0,
        int PadRight = 0,
        int Groups = 1,
        Activation Activation = Activation.None,
        float LeakyReluSlope = 0.01f,
        bool HasBias = false,
        TensorLayout Layout = TensorLayout.Nchw,
        int Threads = 1,
        bool PackedWeights = false)
    {
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

                var (top, bottom) = SamePads(InputHeight, KernelHeight, StrideHeight, DilationHeight);
                var (left, right) = SamePads(InputWidth, KernelWidth, StrideWidth, DilationWidth);
                return (top, bottom, left, right);
            }
        }

        public int OutputHeight => OutputSize(InputHeight, Pads.Top + Pads.Bottom, KernelHeight, StrideHeight, DilationHeight);

        public int OutputWidth => OutputSize(InputWidth, Pads.Left + Pads.Right, KernelWidth, StrideWidth, DilationWidth);

        public int InputLength => InChannels * InputHeight * InputWidth;

        public int WeightLength => OutChannels * (InChannels / Groups) * KernelHeight * KernelWidth;

        public int OutputLength => OutChannels * OutputHeight * OutputWidth;

        /// <summary>The index of input value (channel, row, column): C×H×W or H×W×C.</summary>
        public int InputIndex(int channel, int row, int column) => Layout == TensorLayout.Nhwc
            ? (row * InputWidth + column) * InChannels + channel
            : (channel * InputHeight + row) * InputWidth + column;

        /// <summary>
        /// The index of the weight of output channel <paramref name="output"/>, its group's input channel
        /// <paramref name="input"/> and tap (<paramref name="row"/>, <paramref name="column"/>): OIHW or HWIO.
        /// </summary>
        public int WeightIndex(int output, int input, int row, int column) => Layout == TensorLayout.Nhwc
            ? ((row * KernelWidth + column) * (InChannels / Groups) + input) * OutChannels + output
            : ((output * (InChannels / Groups) + input) * KernelHeight + row) * KernelWidth + column;

        /// <summary>The index of output value (channel, row, column): C×H×W or H×W×C.</summary>
        public int OutputIndex(int channel, int row, int column) => Layout == TensorLayout.Nhwc
            ? (row * OutputWidth + column) * OutChannels + channel
            : (channel * OutputHeight + row) * OutputWidth + column;

        public long MultiplyAccumulates => (long)OutputLength * (InChannels / Groups) * KernelHeight * KernelWidth;

        /// <summary>Whether the configuration is one the user may declare: channels divisible by groups, a non-empty output.</summary>
        public bool IsValid =>
            InChannels % Groups == 0 && OutChannels % Groups == 0
            && InputHeight + PadTop + PadBottom >= DilationHeight * (KernelHeight - 1) + 1
            && InputWidth + PadLeft + PadRight >= DilationWidth * (KernelWidth - 1) + 1
            && OutputHeight > 0 && OutputWidth > 0;

        /// <summary>The attribute's named arguments, written the way a person would (shared values where the axes agree).</summary>
        public string AttributeArguments()
        {
            var args = new List<string>
            {
                $"InChannels = {InChannels}",
                $"OutChannels = {OutChannels}",
                $"InputHeight = {InputHeight}",
                $"InputWidth = {InputWidth}",
            };
            Pair(args, "KernelSize", "KernelHeight", "KernelWidth", KernelHeight, KernelWidth, null);
            Pair(args, "Stride", "StrideHeight", "StrideWidth", StrideHeight, StrideWidth, 1);
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

            if (Groups != 1)
            {
                args.Add($"Groups = {Groups}");
            }

            if (Activation != Activation.None)
            {
                args.Add($"Activation = Activation.{Activation}");
            }

            if (Activation == Activation.LeakyRelu)
            {
                args.Add($"LeakyReluSlope = {LeakyReluSlope.ToString("R", CultureInfo.InvariantCulture)}f");
            }

            if (Layout != TensorLayout.Nchw)
            {
                args.Add($"Layout = TensorLayout.{Layout}");
            }

            if (Threads != 1)
            {
                args.Add($"Threads = {Threads}");
            }

            if (PackedWeights)
            {
                args.Add("PackedWeights = true");
            }

            return string.Join(", ", args);
        }

        /// <summary>The partial method declaration, with a bias span when the case has one.</summary>
        public string Declaration(string name, string modifiers = "public static partial") =>
            $"[Conv2D({AttributeArguments()})]\n{modifiers} void {name}(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, {(HasBias ? "ReadOnlySpan<float> bias, " : "")}Span<float> output);";

        public override string ToString() => $"[Conv2D({AttributeArguments()})]{(HasBias ? " with bias" : "")}";

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

        private static int OutputSize(int input, int pads, int kernel, int stride, int dilation)
        {
            int span = input + pads - (dilation * (kernel - 1) + 1);
            return span < 0 ? 0 : span / stride + 1;
        }

        private (int Before, int After) SamePads(int input, int kernel, int stride, int dilation)
        {
            int output = (input + stride - 1) / stride;
            int total = Math.Max(0, (output - 1) * stride + dilation * (kernel - 1) + 1 - input);
            int small = total / 2, large = total - total / 2;
            return PaddingMode == PaddingMode.Same ? (small, large) : (large, small);
        }
    }
}
