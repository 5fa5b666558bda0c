using System;

namespace StrideGen.Benchmarks.Verification;

/// <summary>Reproducible inputs and weights: uniform in [−1, 1) from a fixed seed, so every run times the same data.</summary>
public static class TestTensors
{
    public static float[] Uniform(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }

    public static float[] Absolute(float[] values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = MathF.Abs(values[i]);
        }

        return result;
    }
}
