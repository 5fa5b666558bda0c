using System;

namespace StrideGen.Benchmarks.Layers;

/// <summary>The signature of a generated <c>[MaxPool2D]</c> or <c>[AvgPool2D]</c> method.</summary>
public delegate void PoolKernel(ReadOnlySpan<float> input, Span<float> output);
