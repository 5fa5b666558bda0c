namespace StrideGen
{
    /// <summary>An activation applied to each output value inside the kernel, before it is stored.</summary>
    public enum Activation
    {
        /// <summary>No activation: y = x.</summary>
        None = 0,

        /// <summary>y = max(x, 0).</summary>
        Relu = 1,

        /// <summary>y = min(max(x, 0), 6).</summary>
        Relu6 = 2,

        /// <summary>y = x when x &gt; 0, else slope·x (the slope is <c>LeakyReluSlope</c>).</summary>
        LeakyRelu = 3,
    }
}
