using System;
using StrideGen;

namespace StrideGen.Demo
{
    /// <summary>The two layers of the classic picture: one 7×7 image, one 3×3 filter, stride 1 and stride 2.</summary>
    internal static partial class StridePicture
    {
        [Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3, Stride = 1)]
        public static partial void Stride1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        [Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3, Stride = 2)]
        public static partial void Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
    }
}
