using System;
using System.Globalization;
using System.Reflection;
using StrideGen.OnnxPeer;

namespace StrideGen.Benchmarks.Layers;

/// <summary>
/// Turns a generated pooling <c>{Name}Shape</c> class into a <see cref="PoolLayer"/> by reading its constants, so no
/// shape figure is written twice. The kind, the layout and the two flags the shape class does not carry (ceil mode and
/// count-include-pad, both left at their default, off, by every benchmark layer) are given by the catalogue.
/// </summary>
internal static class GeneratedPoolShape
{
    public static PoolLayer ToLayer(int catalogIndex, string name, PoolKernel kernel, Type shapeClass, bool isMax, bool nhwc = false)
    {
        ArgumentNullException.ThrowIfNull(shapeClass);
        var shape = new PoolOperator(
            IsMax: isMax,
            Channels: Int(shapeClass, "Channels"),
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
            CeilMode: false,
            CountIncludePad: false);

        var layer = new PoolLayer(catalogIndex, name, kernel, shape, nhwc, Int(shapeClass, "OutputHeight"), Int(shapeClass, "OutputWidth"));

        // The lengths derived here must be the generator's own, or the kernel would reject its spans.
        Expect(layer.InputLength == Int(shapeClass, "InputLength"), shapeClass, "InputLength");
        Expect(layer.OutputLength == Int(shapeClass, "OutputLength"), shapeClass, "OutputLength");
        return layer;
    }

    private static int Int(Type shapeClass, string name)
    {
        FieldInfo field = shapeClass.GetField(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{shapeClass.Name} has no constant {name}.");
        return checked((int)Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture));
    }

    private static void Expect(bool condition, Type shapeClass, string name)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{shapeClass.Name}.{name} does not match the shape's other constants.");
        }
    }
}
