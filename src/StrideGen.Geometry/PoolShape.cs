namespace StrideGen.Geometry
{
    /// <summary>A max or average pooling layer with every figure resolved (ONNX MaxPool / AveragePool, opset 22).</summary>
    internal sealed record PoolShape(
        bool IsMax,
        int Channels,
        int InputHeight,
        int InputWidth,
        int KernelHeight,
        int KernelWidth,
        int StrideHeight,
        int StrideWidth,
        int DilationHeight,
        int DilationWidth,
        int PadTop,
        int PadBottom,
        int PadLeft,
        int PadRight,
        PaddingRule PaddingMode,
        bool CeilMode,
        bool CountIncludePad,
        LayoutKind Layout)
    {
        public ConvAxis Rows => new(InputHeight, KernelHeight, StrideHeight, DilationHeight, PadTop, PadBottom, CeilMode);

        public ConvAxis Columns => new(InputWidth, KernelWidth, StrideWidth, DilationWidth, PadLeft, PadRight, CeilMode);

        public long OutputHeight => Rows.Output;

        public long OutputWidth => Columns.Output;

        public long InputLength => (long)Channels * InputHeight * InputWidth;

        public long OutputLength => Channels * OutputHeight * OutputWidth;
    }
}
