using System;
using System.Globalization;
using System.Reflection;
using StrideGen.OnnxPeer;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// Turns a generated <c>{Name}Shape</c> class into a <see cref="ConvLayer"/> by reading its constants, so no shape figure
/// is written twice. Reflection runs once per layer, at set-up, never while timing.
/// </summary>
internal static class GeneratedShape
{
    /// <param name="twoThreadKernel">The same layer declared with <c>Threads = 2</c>, for the large layers; null otherwise.</param>
    /// <param name="nhwc">Whether the layer is declared <c>Layout = TensorLayout.Nhwc</c>.</param>
    public static ConvLayer ToLayer(int catalogIndex, string name, ConvKernel kernel, Type shapeClass, ConvKernel? twoThreadKernel = null, bool nhwc = false)
    {
        ArgumentNullException.ThrowIfNull(shapeClass);
        var shape = new ConvOperator(
            InChannels: Int(shapeClass, "InChannels"),
            OutChannels: Int(shapeClass, "OutChannels"),
            InputHeight: Int(shapeClass, "InputHeight"),
            InputWidth: Int(shapeClass, "InputWidth"),
            KernelHeight: Int(shapeClass, "KernelHeight"),
            KernelWidth: Int(shapeClass, "KernelWidth"),
            StrideHeight: Int(shapeClass, "StrideHeight"),
            StrideWidth: Int(shapeClass, "StrideWidth"),
            DilationHeight: Int(shapeClass, "DilationHeight"),
            DilationWidth: Int(shapeClass, "DilationWidth"),
            PadTop: Int(shapeClass, "PadTop"),
            PadBottom: Int(shapeClass, "PadBottom"),
            PadLeft: Int(shapeClass, "PadLeft"),
            PadRight: Int(shapeClass, "PadRight"),
            Groups: Int(shapeClass, "Groups"),
            HasBias: Int(shapeClass, "BiasLength") > 0);

        var layer = new ConvLayer(catalogIndex, name, kernel, shape, Int(shapeClass, "OutputHeight"), Int(shapeClass, "OutputWidth"),
            Long(shapeClass, "MultiplyAccumulates"), twoThreadKernel, nhwc);

        // The lengths derived here must be the generator's own, or the kernel would reject its spans.
        Expect(layer.InputLength == Int(shapeClass, "InputLength"), shapeClass, "InputLength");
        Expect(layer.WeightLength == Int(shapeClass, "WeightLength"), shapeClass, "WeightLength");
        Expect(layer.OutputLength == Int(shapeClass, "OutputLength"), shapeClass, "OutputLength");
        return layer;
    }

    private static int Int(Type shapeClass, string name) => checked((int)Long(shapeClass, name));

    // MultiplyAccumulates is an int, or a long in the rare layer where it does not fit one.
    private static long Long(Type shapeClass, string name)
    {
        FieldInfo field = shapeClass.GetField(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{shapeClass.Name} has no constant {name}.");
        return Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture);
    }

    private static void Expect(bool condition, Type shapeClass, string name)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{shapeClass.Name}.{name} does not match the shape's other constants.");
        }
    }
}
