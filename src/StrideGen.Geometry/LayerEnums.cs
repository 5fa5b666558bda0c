namespace StrideGen.Geometry
{
    // Mirrors of the public enums in the StrideGen assembly, by value. The generator and the analyzer cannot load that
    // assembly, so they read the attribute's enum arguments as numbers; a test pins that the values agree.

    /// <summary>Mirror of <c>StrideGen.PaddingMode</c>.</summary>
    internal enum PaddingRule
    {
        Explicit = 0,
        Valid = 1,
        Same = 2,
        SameLower = 3,
    }

    /// <summary>Mirror of <c>StrideGen.Activation</c>.</summary>
    internal enum ActivationKind
    {
        None = 0,
        Relu = 1,
        Relu6 = 2,
        LeakyRelu = 3,
    }

    /// <summary>Mirror of <c>StrideGen.TensorLayout</c>.</summary>
    internal enum LayoutKind
    {
        Nchw = 0,
        Nhwc = 1,
    }

    /// <summary>The kinds of layer StrideGen declares.</summary>
    internal enum LayerKind
    {
        Conv2D = 0,
        MaxPool2D = 1,
        AvgPool2D = 2,
    }
}
