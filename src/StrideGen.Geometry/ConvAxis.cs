using System;

namespace StrideGen.Geometry
{
    /// <summary>
    /// The arithmetic of one spatial axis of a convolution or pooling window: which input positions each output reads.
    /// Everything StrideGen knows about output sizes, interior ranges and clipped windows is derived here, once.
    /// </summary>
    /// <remarks>
    /// With <see cref="CeilMode"/> (pooling only) the output count rounds up, but a last window that would start in the
    /// trailing padding is dropped: the rule PyTorch and ONNX share.
    /// </remarks>
    internal readonly record struct ConvAxis(int Input, int Kernel, int Stride, int Dilation, int PadBefore, int PadAfter, bool CeilMode = false)
    {
        /// <summary>The span of input one window covers: dilation·(kernel − 1) + 1.</summary>
        public long EffectiveKernel => (long)Dilation * (Kernel - 1) + 1;

        /// <summary>floor((input + padBefore + padAfter − effectiveKernel) / stride) + 1 (ceil with <see cref="CeilMode"/>), or 0 when the window does not fit.</summary>
        public long Output
        {
            get
            {
                long span = (long)Input + PadBefore + PadAfter - EffectiveKernel;
                if (span < 0)
                {
                    return 0;
                }

                if (!CeilMode)
                {
                    return span / Stride + 1;
                }

                long output = CeilDiv(span, Stride) + 1;
                return (output - 1) * Stride >= (long)Input + PadBefore ? output - 1 : output;
            }
        }

        /// <summary>The input position that tap 0 of output <paramref name="output"/> reads (negative inside the leading padding).</summary>
        public long WindowStart(long output) => output * Stride - PadBefore;

        /// <summary>The first output whose every tap lies inside the input (or <see cref="Output"/> when none does).</summary>
        public long InteriorBegin => Math.Min(CeilDiv(PadBefore, Stride), Output);

        /// <summary>One past the last output whose every tap lies inside the input; never below <see cref="InteriorBegin"/>.</summary>
        public long InteriorEnd
        {
            get
            {
                // Output o is interior when o·s − padBefore + (k − 1)·d ≤ input − 1.
                long last = FloorDiv(Input - 1L + PadBefore - (EffectiveKernel - 1), Stride);
                return Math.Max(InteriorBegin, Math.Min(last + 1, Output));
            }
        }

        /// <summary>The taps [first, end) of output <paramref name="output"/> that read real input, not padding.</summary>
        public (int First, int End) ValidTaps(long output)
        {
            long start = WindowStart(output);
            long first = start >= 0 ? 0 : CeilDiv(-start, Dilation);
            long end = FloorDiv(Input - 1L - start, Dilation) + 1;
            first = Math.Min(first, Kernel);
            end = Math.Max(first, Math.Min(end, Kernel));
            return ((int)first, (int)end);
        }

        /// <summary>The taps on real input, summed over every output: Output × Kernel less those that fall on padding.</summary>
        public long RealTaps
        {
            get
            {
                long taps = 0;
                for (long output = 0; output < Output; output++)
                {
                    var (first, end) = ValidTaps(output);
                    taps += end - first;
                }

                return taps;
            }
        }

        /// <summary>The share of the axis's taps that read real input (<see cref="RealTaps"/> over Output × Kernel).</summary>
        public double RealTapShare => (double)RealTaps / (Output * Kernel);

        /// <summary>
        /// Real input positions after the last one any window reads: rows (or columns) a stride leaves unread at the far edge.
        /// </summary>
        public long UnreadTrailing
        {
            get
            {
                if (Output == 0)
                {
                    return 0;
                }

                long lastRead = Math.Min(Input - 1L, WindowStart(Output - 1) + EffectiveKernel - 1);
                return Input - 1L - lastRead;
            }
        }

        /// <summary>The unread positions between two neighbouring windows anyway: max(0, stride − effectiveKernel).</summary>
        public long RegularGap => Math.Max(0, Stride - EffectiveKernel);

        /// <summary>The padding ONNX SAME_UPPER/SAME_LOWER needs on this axis in total: output = ceil(input / stride).</summary>
        public static long SamePaddingTotal(int input, int kernel, int stride, int dilation)
        {
            long output = CeilDiv(input, stride);
            long effective = (long)dilation * (kernel - 1) + 1;
            return Math.Max((output - 1) * stride + effective - input, 0);
        }

        public static long CeilDiv(long a, long b) => -FloorDiv(-a, b);

        public static long FloorDiv(long a, long b)
        {
            long q = a / b;
            return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
        }
    }
}
