namespace StrideGen.Benchmarks.Configuration;

/// <summary>How thoroughly the suite measures.</summary>
public enum SuiteMode
{
    /// <summary>BenchmarkDotNet's default job, every contender on every layer.</summary>
    Full,

    /// <summary>A quick check (a few short iterations; the plain loops skipped on the large layers), under 3 minutes on 2 cores.</summary>
    Short,
}
