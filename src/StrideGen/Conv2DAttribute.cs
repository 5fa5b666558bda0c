using System;

namespace StrideGen
{
    /// <summary>
    /// Declares a 2-D convolution layer. Put it on a <c>static partial void</c> method with the parameters
    /// <c>(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; weights, Span&lt;float&gt; output)</c>, or with a
    /// <c>ReadOnlySpan&lt;float&gt; bias</c> between weights and output, and StrideGen generates the method's body: a kernel
    /// specialised for exactly this shape, plus a nested <c>{MethodName}Shape</c> class of constants.
    /// </summary>
    /// <remarks>
    /// Semantics are those of the ONNX <c>Conv</c> operator for one image: input C×H×W, weights
    /// [OutChannels, InChannels/Groups, KernelHeight, KernelWidth], zero padding.
    /// Output size per axis = floor((input + padBefore + padAfter − dilation·(kernel − 1) − 1) / stride) + 1.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class Conv2DAttribute : Attribute
    {
        /// <summary>Input channels (C of the input). Default 1.</summary>
        public int InChannels { get; set; } = 1;

        /// <summary>Output channels: the number of filters. Default 1.</summary>
        public int OutChannels { get; set; } = 1;

        /// <summary>Input height in pixels (H).</summary>
        public int InputHeight { get; set; }

        /// <summary>Input width in pixels (W).</summary>
        public int InputWidth { get; set; }

        /// <summary>A square kernel's side. <see cref="KernelHeight"/> and <see cref="KernelWidth"/> override it when set.</summary>
        public int KernelSize { get; set; }

        /// <summary>Kernel height; overrides <see cref="KernelSize"/> when set.</summary>
        public int KernelHeight { get; set; }

        /// <summary>Kernel width; overrides <see cref="KernelSize"/> when set.</summary>
        public int KernelWidth { get; set; }

        /// <summary>How far the window moves per output pixel, on both axes. Default 1.</summary>
        public int Stride { get; set; } = 1;

        /// <summary>Vertical stride; overrides <see cref="Stride"/> when set.</summary>
        public int StrideHeight { get; set; }

        /// <summary>Horizontal stride; overrides <see cref="Stride"/> when set.</summary>
        public int StrideWidth { get; set; }

        /// <summary>Zero padding added on every side. Default 0.</summary>
        public int Padding { get; set; }

        /// <summary>Rows of zeros above the input; overrides <see cref="Padding"/> when set.</summary>
        public int PadTop { get; set; }

        /// <summary>Rows of zeros below the input; overrides <see cref="Padding"/> when set.</summary>
        public int PadBottom { get; set; }

        /// <summary>Columns of zeros left of the input; overrides <see cref="Padding"/> when set.</summary>
        public int PadLeft { get; set; }

        /// <summary>Columns of zeros right of the input; overrides <see cref="Padding"/> when set.</summary>
        public int PadRight { get; set; }

        /// <summary>How the padding is chosen. Default <see cref="StrideGen.PaddingMode.Explicit"/>: the pads written.</summary>
        public PaddingMode PaddingMode { get; set; }

        /// <summary>Spacing between kernel taps on both axes (1 = dense). Default 1.</summary>
        public int Dilation { get; set; } = 1;

        /// <summary>Vertical dilation; overrides <see cref="Dilation"/> when set.</summary>
        public int DilationHeight { get; set; }

        /// <summary>Horizontal dilation; overrides <see cref="Dilation"/> when set.</summary>
        public int DilationWidth { get; set; }

        /// <summary>
        /// Channel groups. Default 1. Input and output channels are split into this many groups, each convolved on its own;
        /// <c>Groups == InChannels == OutChannels</c> is a depthwise convolution.
        /// </summary>
        public int Groups { get; set; } = 1;

        /// <summary>An activation fused into the kernel. Default <see cref="StrideGen.Activation.None"/>.</summary>
        public Activation Activation { get; set; }

        /// <summary>The slope for negative inputs when <see cref="Activation"/> is <see cref="StrideGen.Activation.LeakyRelu"/>. Default 0.01.</summary>
        public float LeakyReluSlope { get; set; } = 0.01f;

        /// <summary>The memory layout of input, output and weights. Default <see cref="TensorLayout.Nchw"/>.</summary>
        public TensorLayout Layout { get; set; }

        /// <summary>
        /// Whether the method reads its weights packed once, ahead of the calls, rather than as declared (OIHW, or HWIO for
        /// NHWC). With <c>true</c> the generator also writes <c>{Method}PackWeights(ReadOnlySpan&lt;float&gt; weights,
        /// Span&lt;float&gt; packedWeights)</c>, which copies the layer's weights into the order its kernel reads (as many
        /// floats as the weights); pack them once, keep the packed copy, and pass it as the method's weights on every call.
        /// Default <c>false</c>. It pays on NCHW layers with small maps and many output channels (SSD's detection heads,
        /// classifier heads on 1×1 maps): their kernel then runs with output channels in vector lanes, reading only the
        /// taps on real input, as ONNX Runtime does with the weights it packs when a session starts. Elsewhere the packed
        /// copy is the weights unchanged and the kernel the regular one.
        /// </summary>
        public bool PackedWeights { get; set; }

        /// <summary>
        /// The name of the layer this one takes its input from (write <c>nameof(PreviousLayer)</c>); the input channels,
        /// height and width then follow from that layer's output.
        /// </summary>
        public string? From { get; set; }

        /// <summary>
        /// How many threads one call runs on. Default 1: the caller's thread only, no synchronisation at all. With N &gt; 1
        /// the work is split into up to N parts (NCHW: whole channel groups, or each group's output-channel tiles; NHWC:
        /// output rows); the caller runs parts itself and N − 1 work items on the .NET thread pool help, and the call returns
        /// when every part is done. A busy pool never blocks the call: the caller runs whatever no pool thread has taken.
        /// Results are bit for bit those of the one-thread kernel. At most 64. Multi-threading pins the spans and hands
        /// pointers to the pool threads, so it needs <c>&lt;AllowUnsafeBlocks&gt;true&lt;/AllowUnsafeBlocks&gt;</c> in the
        /// project (SGEN011 says so); it pays for layers that take more than about 100 µs on one thread.
        /// Pooling layers always run on the caller's thread.
        /// </summary>
        public int Threads { get; set; } = 1;
    }
}
