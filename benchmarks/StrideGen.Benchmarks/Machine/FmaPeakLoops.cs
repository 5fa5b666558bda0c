using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StrideGen.Benchmarks.Machine;

/// <summary>
/// The loops that define "peak": twelve independent fused multiply-add chains, so the FMA units never wait on a result
/// (four-cycle latency × two pipes needs eight chains; twelve leave slack and still fit sixteen registers). Each chain is
/// a ← a·m + c with m just below one, which converges to a normal number: no denormals, no overflow.
/// Returns a value that depends on every chain so the JIT cannot drop any of them.
/// </summary>
internal static class FmaPeakLoops
{
    public const int IndependentChains = 12;

    /// <summary>FLOPs one iteration performs with <paramref name="lanes"/>-wide vectors: a multiply and an add per lane per chain.</summary>
    public static double FlopsPerIteration(int lanes) => 2.0 * lanes * IndependentChains;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float Vector256Chains(long iterations)
    {
        Vector256<float> m = Vector256.Create(0.9999f), c = Vector256.Create(1e-4f);
        Vector256<float> a0 = Vector256.Create(0.10f), a1 = Vector256.Create(0.11f), a2 = Vector256.Create(0.12f);
        Vector256<float> a3 = Vector256.Create(0.13f), a4 = Vector256.Create(0.14f), a5 = Vector256.Create(0.15f);
        Vector256<float> a6 = Vector256.Create(0.16f), a7 = Vector256.Create(0.17f), a8 = Vector256.Create(0.18f);
        Vector256<float> a9 = Vector256.Create(0.19f), a10 = Vector256.Create(0.20f), a11 = Vector256.Create(0.21f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, c);
            a1 = Fma.MultiplyAdd(a1, m, c);
            a2 = Fma.MultiplyAdd(a2, m, c);
            a3 = Fma.MultiplyAdd(a3, m, c);
            a4 = Fma.MultiplyAdd(a4, m, c);
            a5 = Fma.MultiplyAdd(a5, m, c);
            a6 = Fma.MultiplyAdd(a6, m, c);
            a7 = Fma.MultiplyAdd(a7, m, c);
            a8 = Fma.MultiplyAdd(a8, m, c);
            a9 = Fma.MultiplyAdd(a9, m, c);
            a10 = Fma.MultiplyAdd(a10, m, c);
            a11 = Fma.MultiplyAdd(a11, m, c);
        }

        return Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float Vector512Chains(long iterations)
    {
        Vector512<float> m = Vector512.Create(0.9999f), c = Vector512.Create(1e-4f);
        Vector512<float> a0 = Vector512.Create(0.10f), a1 = Vector512.Create(0.11f), a2 = Vector512.Create(0.12f);
        Vector512<float> a3 = Vector512.Create(0.13f), a4 = Vector512.Create(0.14f), a5 = Vector512.Create(0.15f);
        Vector512<float> a6 = Vector512.Create(0.16f), a7 = Vector512.Create(0.17f), a8 = Vector512.Create(0.18f);
        Vector512<float> a9 = Vector512.Create(0.19f), a10 = Vector512.Create(0.20f), a11 = Vector512.Create(0.21f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, c);
            a1 = Avx512F.FusedMultiplyAdd(a1, m, c);
            a2 = Avx512F.FusedMultiplyAdd(a2, m, c);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, c);
            a4 = Avx512F.FusedMultiplyAdd(a4, m, c);
            a5 = Avx512F.FusedMultiplyAdd(a5, m, c);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, c);
            a7 = Avx512F.FusedMultiplyAdd(a7, m, c);
            a8 = Avx512F.FusedMultiplyAdd(a8, m, c);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, c);
            a10 = Avx512F.FusedMultiplyAdd(a10, m, c);
            a11 = Avx512F.FusedMultiplyAdd(a11, m, c);
        }

        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)));
    }
}
