namespace StrideGen
{
    /// <summary>How one image's tensor is laid out in memory.</summary>
    public enum TensorLayout
    {
        /// <summary>Channels, then rows, then columns (C×H×W); convolution weights are OIHW. The ONNX and PyTorch layout.</summary>
        Nchw = 0,

        /// <summary>Rows, then columns, then channels (H×W×C); convolution weights are HWIO. The TensorFlow/Keras layout.</summary>
        Nhwc = 1,
    }
}
