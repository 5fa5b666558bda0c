using System;

namespace StrideGen
{
    /// <summary>
    /// Declares a 2-D max pooling layer. Put it on a <c>static partial void</c> method with the parameters
    /// <c>(ReadOnlySpan&lt;float&gt; input, Span&lt;float&gt; output)</c>; StrideGen generates the kernel and a nested
    /// <c>{MethodName}Shape</c> class of constants.
    /// </summary>
    /// <remarks>
    /// Semantics of ONNX <c>MaxPool</c> (opset 22) for one image: padded cells never win the max. Output size per axis =
    /// floor((input + padBefore + padAfter − dilation·(kernel − 1) − 1) / stride) + 1, or ceil with <see cref="CeilMode"/>
    /// (a last window that would start in the trailing padding is dropped).
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class MaxPool2DAttribute : Attribute
    {
        /// <summary>Channels (input and output alike).</summary>
        public int Channels { get; set; }

        /// <summary>Input height in pixels.</summary>
        public int InputHeight { get; set; }

        /// <summary>Input width in pixels.</summary>
        public int InputWidth { get; set; }

        /// <summary>A square window's side. <see cref="KernelHeight"/> and <see cref="KernelWidth"/> override it when set.</summary>
        public int KernelSize { get; set; }

        /// <summary>Window height; overrides <see cref="KernelSize"/> when set.</summary>
        public int KernelHeight { get; set; }

        /// <summary>Window width; overrides <see cref="KernelSize"/> when set.</summary>
        public int KernelWidth { get; set; }

        /// <summary>Window step on both axes. Default: the kernel size (non-overlapping windows), as in PyTorch and Keras.</summary>
        public int Stride { get; set; }

        /// <summary>Vertical step; overrides <see cref="Stride"/> when set.</summary>
        public int StrideHeight { get; set; }

        /// <summary>Horizontal step; overrides <see cref="Stride"/> when set.</summary>
        public int StrideWidth { get; set; }

        /// <summary>Padding on every side (padded cells never win). Default 0.</summary>
        public int Padding { get; set; }

        /// <summary>Rows of padding above; overrides <see cref="Padding"/> when set.</summary>
        public int PadTop { get; set; }

        /// <summary>Rows of padding below; overrides <see cref="Padding"/> when set.</summary>
        public int PadBottom { get; set; }

        /// <summary>Columns of padding on the left; overrides <see cref="Padding"/> when set.</summary>
        public int PadLeft { get; set; }

        /// <summary>Columns of padding on the right; overrides <see cref="Padding"/> when set.</summary>
        public int PadRight { get; set; }

        /// <summary>How the padding is chosen. Default <see cref="StrideGen.PaddingMode.Explicit"/>.</summary>
        public PaddingMode PaddingMode { get; set; }

        /// <summary>Round the output size up instead of down.</summary>
        public bool CeilMode { get; set; }

        /// <summary>Spacing between window taps on both axes (1 = dense). Default 1.</summary>
        public int Dilation { get; set; } = 1;

        /// <summary>Vertical dilation; overrides <see cref="Dilation"/> when set.</summary>
        public int DilationHeight { get; set; }

        /// <summary>Horizontal dilation; overrides <see cref="Dilation"/> when set.</summary>
        public int DilationWidth { get; set; }

        /// <summary>Not used by max pooling (padded cells never win a max): <c>true</c> is reported (SGEN010).</summary>
        public bool CountIncludePad { get; set; }

        /// <summary>The memory layout of input and output. Default <see cref="TensorLayout.Nchw"/>.</summary>
        public TensorLayout Layout { get; set; }

        /// <summary>The layer this one takes its input from (write <c>nameof(PreviousLayer)</c>); channels, height and width follow from it.</summary>
        public string? From { get; set; }
    }
}
