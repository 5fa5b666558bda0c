using System;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// Later-stage layers of ImageNet and detection networks, beyond issue 5's list: the shapes where ONNX Runtime's NCHWc
/// kernels, with weights packed once when the session is created, run closest to the machine's FMA peak, and small or
/// odd maps (19×19, 13×13, 8×8, 3×3, 1×1) where a plan built for 56-wide rows does not carry over. Declared as a user would.
/// </summary>
public static partial class NetworkLayers
{
    /// <summary>ResNet stage 2: 128×28×28 → 128×28×28, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 128, OutChannels = 128, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1)]
    public static partial void ResNetStage2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet stage 3: 256×14×14 → 256×14×14, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 256, OutChannels = 256, InputHeight = 14, InputWidth = 14, KernelSize = 3, Padding = 1)]
    public static partial void ResNetStage3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet stage 4: 512×7×7 → 512×7×7, kernel 3, padding 1.</summary>
    [Conv2D(InChannels = 512, OutChannels = 512, InputHeight = 7, InputWidth = 7, KernelSize = 3, Padding = 1)]
    public static partial void ResNetStage4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet's last downsampling conv: 256×14×14 → 512×7×7, kernel 3, stride 2, padding 1.</summary>
    [Conv2D(InChannels = 256, OutChannels = 512, InputHeight = 14, InputWidth = 14, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void ResNetDownsample14(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet's projection shortcut: 64×56×56 → 128×28×28, kernel 1, stride 2.</summary>
    [Conv2D(InChannels = 64, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 1, Stride = 2)]
    public static partial void ResNetShortcut(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>MobileNet's last pointwise layer: 1024×7×7 → 1024×7×7, kernel 1.</summary>
    [Conv2D(InChannels = 1024, OutChannels = 1024, InputHeight = 7, InputWidth = 7, KernelSize = 1)]
    public static partial void MobileNetPointwise7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>SqueezeNet 1.0's first layer: 3×224×224 → 96×109×109, kernel 7, stride 2, no padding (109-wide rows).</summary>
    [Conv2D(InChannels = 3, OutChannels = 96, InputHeight = 224, InputWidth = 224, KernelSize = 7, Stride = 2)]
    public static partial void SqueezeNetConv1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>Inception v3's 8×8 pointwise layer: 1280×8×8 → 320×8×8, kernel 1 (rows narrower than a Vector512).</summary>
    [Conv2D(InChannels = 1280, OutChannels = 320, InputHeight = 8, InputWidth = 8, KernelSize = 1)]
    public static partial void InceptionPointwise8(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>SSD300's fc7 as a convolution: 1024×19×19 → 1024×19×19, kernel 1 (19 rows: prime).</summary>
    [Conv2D(InChannels = 1024, OutChannels = 1024, InputHeight = 19, InputWidth = 19, KernelSize = 1)]
    public static partial void SsdFc7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>YOLOv3's 13×13 detection head: 1024×13×13 → 255×13×13, kernel 1 (weight rows 4 KB apart).</summary>
    [Conv2D(InChannels = 1024, OutChannels = 255, InputHeight = 13, InputWidth = 13, KernelSize = 1)]
    public static partial void YoloHead13(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>SSD300's conv10_2: 128×5×5 → 256×3×3, kernel 3, no padding (a 3×3 map: dot products).</summary>
    [Conv2D(InChannels = 128, OutChannels = 256, InputHeight = 5, InputWidth = 5, KernelSize = 3)]
    public static partial void SsdConv10_2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>LeNet-5's C5: 16×5×5 → 120×1×1, kernel 5 (one output position per channel).</summary>
    [Conv2D(InChannels = 16, OutChannels = 120, InputHeight = 5, InputWidth = 5, KernelSize = 5)]
    public static partial void LeNetC5(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>EfficientNet-B0's stage-5 depthwise: 480×14×14, kernel 5, Same padding (output rows four at a time).</summary>
    [Conv2D(InChannels = 480, OutChannels = 480, Groups = 480, InputHeight = 14, InputWidth = 14, KernelSize = 5, PaddingMode = PaddingMode.Same)]
    public static partial void EfficientNetDepthwise14(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>EfficientNet-B0's stage-6 downsampling depthwise: 672×14×14 → 672×7×7, kernel 5, stride 2, Same padding.</summary>
    [Conv2D(InChannels = 672, OutChannels = 672, Groups = 672, InputHeight = 14, InputWidth = 14, KernelSize = 5, Stride = 2, PaddingMode = PaddingMode.Same)]
    public static partial void EfficientNetDepthwiseDown(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>EfficientNet-B0's stage-6 depthwise on the 7×7 map: 1152×7×7, kernel 5, padding 2 (channel blocks: 69% of the window's taps on real input).</summary>
    [Conv2D(InChannels = 1152, OutChannels = 1152, Groups = 1152, InputHeight = 7, InputWidth = 7, KernelSize = 5, Padding = 2)]
    public static partial void EfficientNetDepthwise7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>MobileNetV2's downsampling depthwise into the 7×7 stage: 576×14×14 → 576×7×7, kernel 3, stride 2, padding 1.</summary>
    [Conv2D(InChannels = 576, OutChannels = 576, Groups = 576, InputHeight = 14, InputWidth = 14, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void MobileNetV2DepthwiseDown(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>AlexNet's first layer: 3×224×224 → 96×55×55, kernel 11, stride 4, padding 2 (bands packed float by float).</summary>
    [Conv2D(InChannels = 3, OutChannels = 96, InputHeight = 224, InputWidth = 224, KernelSize = 11, Stride = 4, Padding = 2)]
    public static partial void AlexNetConv1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>AlexNet's second layer (torchvision): 64×27×27 → 192×27×27, kernel 5, padding 2 (F(2×2, 5×5) on Vector512, 5×5 bands at stride 1 on Vector256).</summary>
    [Conv2D(InChannels = 64, OutChannels = 192, InputHeight = 27, InputWidth = 27, KernelSize = 5, Padding = 2)]
    public static partial void AlexNetConv2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>DeepLab-v3's rate-18 ASPP branch: 256×33×33 → 256×33×33, kernel 3, dilation 18, padding 18 (60% of the window is padding: window regions).</summary>
    [Conv2D(InChannels = 256, OutChannels = 256, InputHeight = 33, InputWidth = 33, KernelSize = 3, Dilation = 18, Padding = 18)]
    public static partial void DeepLabAspp18(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ConvNeXt-T's first-stage depthwise layer: 96×56×56, kernel 7, padding 3 (row blocks of two rows × four vectors).</summary>
    [Conv2D(InChannels = 96, OutChannels = 96, Groups = 96, InputHeight = 56, InputWidth = 56, KernelSize = 7, Padding = 3)]
    public static partial void ConvNeXtDepthwise56(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ConvNeXt-T's last-stage depthwise layer: 768×7×7, kernel 7, padding 3 (channel blocks: 57% of the window's taps on real input).</summary>
    [Conv2D(InChannels = 768, OutChannels = 768, Groups = 768, InputHeight = 7, InputWidth = 7, KernelSize = 7, Padding = 3)]
    public static partial void ConvNeXtDepthwise7(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>A 7×7 stride-2 depthwise layer: 64×56×56 → 64×28×28, padding 3 (the tile whose multiply-adds once spilled).</summary>
    [Conv2D(InChannels = 64, OutChannels = 64, Groups = 64, InputHeight = 56, InputWidth = 56, KernelSize = 7, Stride = 2, Padding = 3)]
    public static partial void Depthwise7Stride2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>AlexNet's fourth layer (the original, in two groups): 384×13×13 → 384×13×13, kernel 3, padding 1 (each group's bands packed in turn).</summary>
    [Conv2D(InChannels = 384, OutChannels = 384, Groups = 2, InputHeight = 13, InputWidth = 13, KernelSize = 3, Padding = 1)]
    public static partial void AlexNetConv4Grouped(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>RegNetX-3.2GF's last downsampling layer: 1008×14×14 → 1008×7×7 in 21 groups of 48, kernel 3, stride 2, padding 1.</summary>
    [Conv2D(InChannels = 1008, OutChannels = 1008, Groups = 21, InputHeight = 14, InputWidth = 14, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void RegNetGroupedDown(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNeXt-50 (32×4d)'s stage-3 downsampling layer: 512×28×28 → 512×14×14 in 32 groups of 16, kernel 3, stride 2, padding 1 (bands since 6deb373).</summary>
    [Conv2D(InChannels = 512, OutChannels = 512, Groups = 32, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void ResNeXtGroupedDown(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>RegNetX-400MF's first-stage downsampling layer: 64×56×56 → 64×28×28 in 4 groups of 16, kernel 3, stride 2, padding 1 (bands since 6deb373).</summary>
    [Conv2D(InChannels = 64, OutChannels = 64, Groups = 4, InputHeight = 56, InputWidth = 56, KernelSize = 3, Stride = 2, Padding = 1)]
    public static partial void RegNetNarrowGroupedDown(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>GoogLeNet's inception (3b) 5×5 branch: 32×28×28 → 96×28×28, kernel 5, padding 2 (F(2×2, 5×5) on Vector512).</summary>
    [Conv2D(InChannels = 32, OutChannels = 96, InputHeight = 28, InputWidth = 28, KernelSize = 5, Padding = 2)]
    public static partial void GoogLeNetFiveByFive(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>GoogLeNet's inception (4e) 5×5 branch: 32×14×14 → 128×14×14, kernel 5, padding 2 (F(2×2, 5×5) on Vector512, two tile rows a vector).</summary>
    [Conv2D(InChannels = 32, OutChannels = 128, InputHeight = 14, InputWidth = 14, KernelSize = 5, Padding = 2)]
    public static partial void GoogLeNetFiveByFive14(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>DeepLab-v3's rate-6 ASPP branch: 256×33×33 → 256×33×33, kernel 3, dilation 6, padding 6 (window regions).</summary>
    [Conv2D(InChannels = 256, OutChannels = 256, InputHeight = 33, InputWidth = 33, KernelSize = 3, Dilation = 6, Padding = 6)]
    public static partial void DeepLabAspp6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>DeepLab-v3's rate-12 ASPP branch: 256×33×33 → 256×33×33, kernel 3, dilation 12, padding 12 (window regions).</summary>
    [Conv2D(InChannels = 256, OutChannels = 256, InputHeight = 33, InputWidth = 33, KernelSize = 3, Dilation = 12, Padding = 12)]
    public static partial void DeepLabAspp12(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>SSD300's fc6: 512×19×19 → 1024×19×19, kernel 3, dilation 6, padding 6 (19 MB of weights: window regions, the whole plane per chunk).</summary>
    [Conv2D(InChannels = 512, OutChannels = 1024, InputHeight = 19, InputWidth = 19, KernelSize = 3, Dilation = 6, Padding = 6)]
    public static partial void SsdFc6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ViT-B/16's patch embedding: 3×224×224 → 768×14×14, kernel 16, stride 16 (one whole-plane window region).</summary>
    [Conv2D(InChannels = 3, OutChannels = 768, InputHeight = 224, InputWidth = 224, KernelSize = 16, Stride = 16)]
    public static partial void VitB16Patches(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ViT-B/32's patch embedding: 3×224×224 → 768×7×7, kernel 32, stride 32 (one region, packed 16 kernel rows at a time).</summary>
    [Conv2D(InChannels = 3, OutChannels = 768, InputHeight = 224, InputWidth = 224, KernelSize = 32, Stride = 32)]
    public static partial void VitB32Patches(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>DINOv2 ViT-S/14's patch embedding: 3×224×224 → 384×16×16, kernel 14, stride 14 (one region).</summary>
    [Conv2D(InChannels = 3, OutChannels = 384, InputHeight = 224, InputWidth = 224, KernelSize = 14, Stride = 14)]
    public static partial void Dinov2S14Patches(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>The ConvNeXt (and Swin) stem: 3×224×224 → 96×56×56, kernel 4, stride 4 (gathered bands).</summary>
    [Conv2D(InChannels = 3, OutChannels = 96, InputHeight = 224, InputWidth = 224, KernelSize = 4, Stride = 4)]
    public static partial void ConvNeXtStem(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>SegFormer-B0's first overlapping patch embedding: 3×224×224 → 32×56×56, kernel 7, stride 4, padding 3 (gathered bands).</summary>
    [Conv2D(InChannels = 3, OutChannels = 32, InputHeight = 224, InputWidth = 224, KernelSize = 7, Stride = 4, Padding = 3)]
    public static partial void SegFormerStem(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>MobileNetV1's classifier as a 1×1 convolution: 1024×1×1 → 1000×1×1 (4 MB of weights, read one row after another).</summary>
    [Conv2D(InChannels = 1024, OutChannels = 1000, InputHeight = 1, InputWidth = 1, KernelSize = 1)]
    public static partial void MobileNetClassifier(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>ResNet-50's classifier as a 1×1 convolution: 2048×1×1 → 1000×1×1 (8 MB of weights, read one row after another).</summary>
    [Conv2D(InChannels = 2048, OutChannels = 1000, InputHeight = 1, InputWidth = 1, KernelSize = 1)]
    public static partial void ResNet50Classifier(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>Inception-v3's auxiliary head: 128×5×5 → 768×1×1, kernel 5 (the window is the whole input).</summary>
    [Conv2D(InChannels = 128, OutChannels = 768, InputHeight = 5, InputWidth = 5, KernelSize = 5)]
    public static partial void InceptionAuxHead(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>AlexNet's fc6 as a convolution: 256×6×6 → 4096×1×1, kernel 6 (151 MB of weights: rows in step, from memory).</summary>
    [Conv2D(InChannels = 256, OutChannels = 4096, InputHeight = 6, InputWidth = 6, KernelSize = 6)]
    public static partial void AlexNetFc6(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>M5's first layer (raw audio, one second at 16 kHz): 1×1×16000 → 128×1×3981, kernel 1×80, stride 4 (column phases).</summary>
    [Conv2D(InChannels = 1, OutChannels = 128, InputHeight = 1, InputWidth = 16000, KernelHeight = 1, KernelWidth = 80, StrideHeight = 1, StrideWidth = 4)]
    public static partial void M5Conv1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>The torchaudio tutorial's M5 (one second at 8 kHz): 1×1×8000 → 32×1×496, kernel 1×80, stride 16 (column phases).</summary>
    [Conv2D(InChannels = 1, OutChannels = 32, InputHeight = 1, InputWidth = 8000, KernelHeight = 1, KernelWidth = 80, StrideHeight = 1, StrideWidth = 16)]
    public static partial void M5TutorialConv1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    /// <summary>SoundNet's first layer (one second at 22.05 kHz): 1×1×22050 → 16×1×11026, kernel 1×64, stride 2, padding 32 on the row (column phases).</summary>
    [Conv2D(InChannels = 1, OutChannels = 16, InputHeight = 1, InputWidth = 22050, KernelHeight = 1, KernelWidth = 64, StrideHeight = 1, StrideWidth = 2, PadLeft = 32, PadRight = 32)]
    public static partial void SoundNetConv1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
}
