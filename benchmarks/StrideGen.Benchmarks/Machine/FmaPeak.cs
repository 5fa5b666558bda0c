using System;
using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace StrideGen.Benchmarks.Machine;

/// <summary>
/// The single-thread FMA peak of this machine in GFLOP/s, measured at start-up with <see cref="FmaPeakLoops"/>: the best
/// of many one-millisecond runs per vector width. Other work on the machine only ever slows a run down, and a run this
/// short usually fits between two preemptions even on a busy machine, so the best run is the machine's own peak.
/// A width the hardware does not accelerate (or that DOTNET_EnableAVX512=0 switched off) has no peak.
/// </summary>
public sealed record FmaPeak(double? Vector256Gflops, double? Vector512Gflops)
{
    private const int Runs = 400;
    private static readonly TimeSpan RunLength = TimeSpan.FromMilliseconds(1);

    /// <summary>The widest measured peak: the ceiling for a kernel on this machine, and what "% of peak" divides by.</summary>
    public double? Gflops => Vector512Gflops ?? Vector256Gflops;

    /// <summary>"V512" or "V256": which peak <see cref="Gflops"/> is.</summary>
    public string Width => Vector512Gflops is not null ? "V512" : Vector256Gflops is not null ? "V256" : "none";

    public static FmaPeak Measure()
    {
        double? vector256 = Fma.IsSupported && Vector256.IsHardwareAccelerated
            ? BestGflops(FmaPeakLoops.Vector256Chains, Vector256<float>.Count)
            : null;
        double? vector512 = Avx512F.IsSupported && Vector512.IsHardwareAccelerated
            ? BestGflops(FmaPeakLoops.Vector512Chains, Vector512<float>.Count)
            : null;
        return new FmaPeak(vector256, vector512);
    }

    private static double BestGflops(Func<long, float> loop, int lanes)
    {
        // Calibrate: time a run (which also gets the loop compiled and the clock up), then size runs to RunLength.
        const long calibrationIterations = 10_000_000;
        double calibrationSeconds = Seconds(loop, calibrationIterations);
        long iterations = Math.Max(1000, (long)(calibrationIterations * RunLength.TotalSeconds / calibrationSeconds));

        double best = 0;
        for (int run = 0; run < Runs; run++)
        {
            double gflops = iterations * FmaPeakLoops.FlopsPerIteration(lanes) / Seconds(loop, iterations) / 1e9;
            best = Math.Max(best, gflops);
        }

        return best;
    }

    private static double Seconds(Func<long, float> loop, long iterations)
    {
        long start = Stopwatch.GetTimestamp();
        float sink = loop(iterations);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (!float.IsFinite(sink))
        {
            throw new InvalidOperationException("The FMA peak loop diverged.");
        }

        return seconds;
    }
}
