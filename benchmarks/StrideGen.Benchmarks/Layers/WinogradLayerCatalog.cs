using System.Collections.Generic;

namespace StrideGen.Benchmarks.Layers;

/// <summary>The Winograd layers (<see cref="WinogradLayers"/>), and ResNet's stage-2 and stage-3 layers (<see cref="NetworkLayers"/>).</summary>
public static class WinogradLayerCatalog
{
    public static IReadOnlyList<ConvLayer> All { get; } =
    [
        GeneratedShape.ToLayer(0, nameof(NetworkLayers.ResNetStage2), NetworkLayers.ResNetStage2, typeof(NetworkLayers.ResNetStage2Shape)),
        GeneratedShape.ToLayer(1, nameof(WinogradLayers.SqueezeNetFire2Expand), WinogradLayers.SqueezeNetFire2Expand, typeof(WinogradLayers.SqueezeNetFire2ExpandShape)),
        GeneratedShape.ToLayer(2, nameof(WinogradLayers.HrNetBranch36), WinogradLayers.HrNetBranch36, typeof(WinogradLayers.HrNetBranch36Shape)),
        GeneratedShape.ToLayer(3, nameof(WinogradLayers.VggConv2_1), WinogradLayers.VggConv2_1, typeof(WinogradLayers.VggConv2_1Shape)),
        GeneratedShape.ToLayer(4, nameof(WinogradLayers.YoloV3Stage52), WinogradLayers.YoloV3Stage52, typeof(WinogradLayers.YoloV3Stage52Shape)),
        GeneratedShape.ToLayer(5, nameof(WinogradLayers.UNetLevel2), WinogradLayers.UNetLevel2, typeof(WinogradLayers.UNetLevel2Shape)),
        GeneratedShape.ToLayer(6, nameof(NetworkLayers.ResNetStage3), NetworkLayers.ResNetStage3, typeof(NetworkLayers.ResNetStage3Shape)),
        GeneratedShape.ToLayer(7, nameof(WinogradLayers.VggConv4_3), WinogradLayers.VggConv4_3, typeof(WinogradLayers.VggConv4_3Shape)),
        GeneratedShape.ToLayer(8, nameof(WinogradLayers.VggConv5_3), WinogradLayers.VggConv5_3, typeof(WinogradLayers.VggConv5_3Shape)),
    ];
}
