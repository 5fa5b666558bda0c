using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using StrideGen.Kernels.Fixtures;

namespace StrideGen.JitProbe
{
    /// <summary>
    /// Calls every public static layer of the fixture classes (<see cref="FixedLayers"/>, pooling, NHWC) a few times, so that every generated kernel method the
    /// current hardware path reaches is jitted, then prints a manifest on standard output for JitOptimisationTests:
    /// <code>
    /// fixtures &lt;path of the fixtures assembly&gt;
    /// fixtures-optimizer-disabled &lt;True|False&gt;
    /// layer StrideGen.Kernels.Fixtures.&lt;Class&gt;:&lt;Method&gt; &lt;checksum&gt;
    /// kernel-method &lt;AggressiveOptimization|Default&gt; StrideGen.Generated.&lt;type metadata name&gt;:&lt;Method&gt;
    /// </code>
    /// Layers and their span lengths are found by reflection (the nested <c>{Method}Shape</c> constants), so new fixtures
    /// are probed without touching this file. Exit code 0 on success, 2 if the fixtures do not look as expected.
    /// </summary>
    internal static class Program
    {
        private const string GeneratedNamespace = "StrideGen.Generated";

        private delegate void Layer2(ReadOnlySpan<float> input, Span<float> output);

        private delegate void Layer3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

        private delegate void Layer4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

        private static int Main(string[] args)
        {
            int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
            Assembly fixtures = typeof(FixedLayers).Assembly;
            Console.WriteLine("fixtures " + fixtures.Location);
            bool optimizerDisabled = fixtures.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled ?? false;
            Console.WriteLine("fixtures-optimizer-disabled " + optimizerDisabled.ToString(CultureInfo.InvariantCulture));

            // Every layer of every fixture class: the public static methods that carry a StrideGen layer attribute.
            var layers = fixtures.GetTypes()
                .Where(t => t.IsPublic && t.Namespace == typeof(FixedLayers).Namespace)
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(m => m.GetCustomAttributes().Any(a => a.GetType().Namespace == "StrideGen" && a.GetType().Name.EndsWith("2DAttribute", StringComparison.Ordinal)))
                    .Select(m => (Type: t, Method: m)))
                .OrderBy(l => l.Type.FullName, StringComparer.Ordinal)
                .ThenBy(l => l.Method.Name, StringComparer.Ordinal)
                .ToArray();
            if (layers.Length == 0)
            {
                Console.Error.WriteLine($"{fixtures.GetName().Name} declares no layers.");
                return 2;
            }

            foreach (var (layersType, layer) in layers)
            {
                string? problem = Run(layersType, layer, rounds, out double checksum);
                if (problem is not null)
                {
                    Console.Error.WriteLine($"{layersType.FullName}.{layer.Name}: {problem}");
                    return 2;
                }

                Console.WriteLine($"layer {JitName(layersType)}:{layer.Name} {checksum.ToString("R", CultureInfo.InvariantCulture)}");
            }

            foreach (Type type in fixtures.GetTypes()
                .Where(t => t.Namespace == GeneratedNamespace)
                .OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                foreach (MethodInfo method in type
                    .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                    .OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    bool aggressive = (method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0;
                    Console.WriteLine($"kernel-method {(aggressive ? "AggressiveOptimization" : "Default")} {JitName(type)}:{method.Name}");
                }
            }

            return 0;
        }

        /// <summary>The class name as the JIT prints it: namespace-qualified metadata name, nested types joined with '+'.</summary>
        private static string JitName(Type type) => type.FullName ?? type.Name;

        private static string? Run(Type layersType, MethodInfo layer, int rounds, out double checksum)
        {
            checksum = 0;
            Type? shape = layersType.GetNestedType(layer.Name + "Shape", BindingFlags.Public);
            if (shape is null)
            {
                return $"no nested {layer.Name}Shape class";
            }

            int? inputLength = Constant(shape, "InputLength");
            int? weightLength = Constant(shape, "WeightLength") ?? 0; // pooling layers have no weights
            int? biasLength = Constant(shape, "BiasLength") ?? 0;
            int? outputLength = Constant(shape, "OutputLength");
            if (inputLength is null || outputLength is null)
            {
                return $"{shape.Name} lacks one of the int constants InputLength, OutputLength";
            }

            float[] input = Values(inputLength.Value, 0.37);
            float[] weights = Values(weightLength.Value, 0.11);
            float[] bias = Values(biasLength.Value, 0.53);
            float[] output = new float[outputLength.Value];

            Type[] parameters = layer.GetParameters().Select(p => p.ParameterType).ToArray();
            if (parameters.SequenceEqual(new[] { typeof(ReadOnlySpan<float>), typeof(Span<float>) }))
            {
                var call = (Layer2)Delegate.CreateDelegate(typeof(Layer2), layer);
                for (int i = 0; i < rounds; i++)
                {
                    call(input, output);
                }
            }
            else if (parameters.SequenceEqual(new[] { typeof(ReadOnlySpan<float>), typeof(ReadOnlySpan<float>), typeof(Span<float>) }))
            {
                var call = (Layer3)Delegate.CreateDelegate(typeof(Layer3), layer);
                for (int i = 0; i < rounds; i++)
                {
                    call(input, weights, output);
                }
            }
            else if (parameters.SequenceEqual(new[] { typeof(ReadOnlySpan<float>), typeof(ReadOnlySpan<float>), typeof(ReadOnlySpan<float>), typeof(Span<float>) }))
            {
                var call = (Layer4)Delegate.CreateDelegate(typeof(Layer4), layer);
                for (int i = 0; i < rounds; i++)
                {
                    call(input, weights, bias, output);
                }
            }
            else
            {
                return "signature is none of (input, output), (input, weights, output), (input, weights, bias, output) over float spans";
            }

            foreach (float value in output)
            {
                if (!float.IsFinite(value))
                {
                    return "produced a non-finite value";
                }

                checksum += value;
            }

            return null;
        }

        private static int? Constant(Type shape, string name) =>
            shape.GetField(name, BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as int?;

        private static float[] Values(int length, double step)
        {
            var values = new float[length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)Math.Sin((i + 1) * step);
            }

            return values;
        }
    }
}
