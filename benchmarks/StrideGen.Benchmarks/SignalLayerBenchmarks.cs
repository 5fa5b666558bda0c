using System.Collections.Generic;
using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks;

/// <summary>
/// StrideGen against ONNX Runtime on raw-audio first layers: M5's 80-tap windows at stride 4 and 16 and SoundNet's 64-tap
/// one at stride 2, over 8000–22050 samples (column phases). Full mode only (<c>--filter '*SignalLayer*'</c>).
/// </summary>
public class SignalLayerBenchmarks : PeerLayerBenchmarks
{
    protected override IReadOnlyList<ConvLayer> Catalog => SignalLayerCatalog.All;
}
