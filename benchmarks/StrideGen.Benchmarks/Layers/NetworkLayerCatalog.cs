using System.Collections.Generic;

namespace StrideGen.Benchmarks.Layers;

/// <summary>The later-stage network layers, in network order.</summary>
public static class NetworkLayerCatalog
{
    public static IReadOnlyList<ConvLayer> All { get; } =
    [
        GeneratedShape.ToLayer(0, nameof(NetworkLayers.ResNetShortcut), NetworkLayers.ResNetShortcut, typeof(NetworkLayers.ResNetShortcutShape)),
        GeneratedShape.ToLayer(1, nameof(NetworkLayers.ResNetStage2), NetworkLayers.ResNetStage2, typeof(NetworkLayers.ResNetStage2Shape)),
        GeneratedShape.ToLayer(2, nameof(NetworkLayers.ResNetStage3), NetworkLayers.ResNetStage3, typeof(NetworkLayers.ResNetStage3Shape)),
        GeneratedShape.ToLayer(3, nameof(NetworkLayers.ResNetDownsample14), NetworkLayers.ResNetDownsample14, typeof(NetworkLayers.ResNetDownsample14Shape)),
        GeneratedShape.ToLayer(4, nameof(NetworkLayers.ResNetStage4), NetworkLayers.ResNetStage4, typeof(NetworkLayers.ResNetStage4Shape)),
        GeneratedShape.ToLayer(5, nameof(NetworkLayers.MobileNetPointwise7), NetworkLayers.MobileNetPointwise7, typeof(NetworkLayers.MobileNetPointwise7Shape)),
        GeneratedShape.ToLayer(6, nameof(NetworkLayers.SqueezeNetConv1), NetworkLayers.SqueezeNetConv1, typeof(NetworkLayers.SqueezeNetConv1Shape)),
        GeneratedShape.ToLayer(7, nameof(NetworkLayers.InceptionPointwise8), NetworkLayers.InceptionPointwise8, typeof(NetworkLayers.InceptionPointwise8Shape)),
        GeneratedShape.ToLayer(8, nameof(NetworkLayers.SsdFc7), NetworkLayers.SsdFc7, typeof(NetworkLayers.SsdFc7Shape)),
        GeneratedShape.ToLayer(9, nameof(NetworkLayers.YoloHead13), NetworkLayers.YoloHead13, typeof(NetworkLayers.YoloHead13Shape)),
        GeneratedShape.ToLayer(10, nameof(NetworkLayers.SsdConv10_2), NetworkLayers.SsdConv10_2, typeof(NetworkLayers.SsdConv10_2Shape)),
        GeneratedShape.ToLayer(11, nameof(NetworkLayers.LeNetC5), NetworkLayers.LeNetC5, typeof(NetworkLayers.LeNetC5Shape)),
        GeneratedShape.ToLayer(12, nameof(NetworkLayers.EfficientNetDepthwise14), NetworkLayers.EfficientNetDepthwise14, typeof(NetworkLayers.EfficientNetDepthwise14Shape)),
        GeneratedShape.ToLayer(13, nameof(NetworkLayers.EfficientNetDepthwiseDown), NetworkLayers.EfficientNetDepthwiseDown, typeof(NetworkLayers.EfficientNetDepthwiseDownShape)),
        GeneratedShape.ToLayer(14, nameof(NetworkLayers.EfficientNetDepthwise7), NetworkLayers.EfficientNetDepthwise7, typeof(NetworkLayers.EfficientNetDepthwise7Shape)),
        GeneratedShape.ToLayer(15, nameof(NetworkLayers.MobileNetV2DepthwiseDown), NetworkLayers.MobileNetV2DepthwiseDown, typeof(NetworkLayers.MobileNetV2DepthwiseDownShape)),
        GeneratedShape.ToLayer(16, nameof(NetworkLayers.AlexNetConv1), NetworkLayers.AlexNetConv1, typeof(NetworkLayers.AlexNetConv1Shape)),
        GeneratedShape.ToLayer(17, nameof(NetworkLayers.AlexNetConv2), NetworkLayers.AlexNetConv2, typeof(NetworkLayers.AlexNetConv2Shape)),
        GeneratedShape.ToLayer(18, nameof(NetworkLayers.DeepLabAspp18), NetworkLayers.DeepLabAspp18, typeof(NetworkLayers.DeepLabAspp18Shape)),
        GeneratedShape.ToLayer(19, nameof(NetworkLayers.ConvNeXtDepthwise56), NetworkLayers.ConvNeXtDepthwise56, typeof(NetworkLayers.ConvNeXtDepthwise56Shape)),
        GeneratedShape.ToLayer(20, nameof(NetworkLayers.Depthwise7Stride2), NetworkLayers.Depthwise7Stride2, typeof(NetworkLayers.Depthwise7Stride2Shape)),
        GeneratedShape.ToLayer(21, nameof(NetworkLayers.AlexNetConv4Grouped), NetworkLayers.AlexNetConv4Grouped, typeof(NetworkLayers.AlexNetConv4GroupedShape)),
        GeneratedShape.ToLayer(22, nameof(NetworkLayers.RegNetGroupedDown), NetworkLayers.RegNetGroupedDown, typeof(NetworkLayers.RegNetGroupedDownShape)),
        GeneratedShape.ToLayer(23, nameof(NetworkLayers.DeepLabAspp6), NetworkLayers.DeepLabAspp6, typeof(NetworkLayers.DeepLabAspp6Shape)),
        GeneratedShape.ToLayer(24, nameof(NetworkLayers.ConvNeXtDepthwise7), NetworkLayers.ConvNeXtDepthwise7, typeof(NetworkLayers.ConvNeXtDepthwise7Shape)),
        GeneratedShape.ToLayer(25, nameof(NetworkLayers.ResNeXtGroupedDown), NetworkLayers.ResNeXtGroupedDown, typeof(NetworkLayers.ResNeXtGroupedDownShape)),
        GeneratedShape.ToLayer(26, nameof(NetworkLayers.RegNetNarrowGroupedDown), NetworkLayers.RegNetNarrowGroupedDown, typeof(NetworkLayers.RegNetNarrowGroupedDownShape)),
        GeneratedShape.ToLayer(27, nameof(NetworkLayers.GoogLeNetFiveByFive), NetworkLayers.GoogLeNetFiveByFive, typeof(NetworkLayers.GoogLeNetFiveByFiveShape)),
        GeneratedShape.ToLayer(28, nameof(NetworkLayers.GoogLeNetFiveByFive14), NetworkLayers.GoogLeNetFiveByFive14, typeof(NetworkLayers.GoogLeNetFiveByFive14Shape)),
    ];
}
