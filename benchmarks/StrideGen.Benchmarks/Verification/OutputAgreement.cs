using System;
using System.Globalization;

namespace StrideGen.Benchmarks.Verification;

/// <summary>
/// Element-wise agreement of two convolution outputs within a tolerance that scales with each output's magnitude:
/// |actual − expected| ≤ 1e-4·Σ|x·w| + 1e-5, where Σ|x·w| is that output's sum of absolute products (float32 sums
/// of hundreds of terms in different orders differ by about that much, a wrong tap or padding by far more).
/// </summary>
public static class OutputAgreement
{
    public const float RelativeTolerance = 1e-4f;
    public const float AbsoluteTolerance = 1e-5f;

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first disagreement and how many there are.</summary>
    public static void Require(string what, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, ReadOnlySpan<float> absoluteProductSums)
    {
        if (actual.Length != expected.Length || actual.Length != absoluteProductSums.Length)
        {
            throw new InvalidOperationException(
                $"{what}: {actual.Length} outputs against {expected.Length} expected ({absoluteProductSums.Length} magnitudes).");
        }

        int mismatches = 0, first = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            float tolerance = RelativeTolerance * absoluteProductSums[i] + AbsoluteTolerance;
            if (!(MathF.Abs(actual[i] - expected[i]) <= tolerance)) // NaN fails too
            {
                mismatches++;
                first = first < 0 ? i : first;
            }
        }

        if (mismatches > 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {mismatches} of {actual.Length} outputs disagree; the first at index {first} is {actual[first]}, " +
                $"expected {expected[first]} ± {RelativeTolerance * absoluteProductSums[first] + AbsoluteTolerance}. Not timing a wrong kernel."));
        }
    }
}
