namespace StrideGen.OnnxPeer;

/// <summary>
/// A 2-D convolution (ONNX Conv) on one NCHW image. Weights are OIHW:
/// [OutChannels, InChannels / Groups, KernelHeight, KernelWidth]; bias is [OutChannels].
/// </summary>
public sealed record ConvOperator(int InChannels, int OutChannels, int InputHeight, int InputWidth,
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int DilationHeight, int DilationWidth,
    int PadTop, int PadBottom, int PadLeft, int PadRight, int Groups, bool HasBias);

/// <summary>
/// A 2-D MaxPool (<see cref="IsMax"/>) or AveragePool on one NCHW image.
/// <see cref="CountIncludePad"/> applies to AveragePool only.
/// </summary>
public sealed record PoolOperator(bool IsMax, int Channels, int InputHeight, int InputWidth, int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth, int DilationHeight, int DilationWidth, int PadTop, int PadBottom, int PadLeft, int PadRight,
    bool CeilMode, bool CountIncludePad);
