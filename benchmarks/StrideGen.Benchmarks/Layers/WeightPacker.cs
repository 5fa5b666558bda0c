using System;

namespace StrideGen.Benchmarks.Layers;

/// <summary>The signature of a generated <c>{Name}PackWeights</c> method (a layer declared with <c>PackedWeights = true</c>).</summary>
public delegate void WeightPacker(ReadOnlySpan<float> weights, Span<float> packedWeights);

/// <summary>A layer's twin declared with <c>PackedWeights = true</c>: its kernel, and the method that packs its weights once.</summary>
public sealed record PackedKernel(ConvKernel Kernel, WeightPacker Pack);
