namespace StrideGen
{
    /// <summary>How a layer's padding is chosen. The numbers follow ONNX's <c>auto_pad</c>.</summary>
    public enum PaddingMode
    {
        /// <summary>The pads written on the attribute (<c>Padding</c> or <c>PadTop</c>/<c>PadBottom</c>/<c>PadLeft</c>/<c>PadRight</c>); zero when none is written.</summary>
        Explicit = 0,

        /// <summary>No padding: every window lies inside the input. ONNX <c>VALID</c>.</summary>
        Valid = 1,

        /// <summary>
        /// Output size = ceil(input / stride); the padding needed is split evenly and an odd pixel goes at the end (bottom, right).
        /// ONNX <c>SAME_UPPER</c>, TensorFlow/Keras <c>padding="same"</c>.
        /// </summary>
        Same = 2,

        /// <summary>As <see cref="Same"/>, but an odd padding pixel goes at the start (top, left). ONNX <c>SAME_LOWER</c>.</summary>
        SameLower = 3,
    }
}
