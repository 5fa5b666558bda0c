using System;

namespace StrideGen.Benchmarks.Layers;

/// <summary>The signature of a generated bias-free <c>[Conv2D]</c> method.</summary>
public delegate void ConvKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
