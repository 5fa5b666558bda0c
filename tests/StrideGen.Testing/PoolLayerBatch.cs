using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;

namespace StrideGen.Testing
{
    /// <summary>
    /// Declares many <see cref="PoolCase"/>s as <c>[MaxPool2D]</c>/<c>[AvgPool2D]</c> methods in one source file, runs the
    /// generator, compiles the result and loads it. Each layer gets a wrapper that slices its spans out of larger arrays, so
    /// tests can check that nothing outside the spans is touched.
    /// </summary>
    public sealed class PoolLayerBatch
    {
        /// <summary>Floats left around each span in the arrays passed to <see cref="Invoke"/>.</summary>
        public const int Guard = 16;

        private readonly List<Action<float[], float[]>> runners = new();

        public PoolLayerBatch(IReadOnlyList<PoolCase> cases)
        {
            Cases = cases;
            var source = new StringBuilder();
            source.AppendLine("using System;");
            source.AppendLine("using StrideGen;");
            source.AppendLine("namespace Batch;");
            source.AppendLine("public static partial class Layers");
            source.AppendLine("{");
            for (int i = 0; i < cases.Count; i++)
            {
                source.AppendLine(cases[i].Declaration($"L{i}"));
                source.AppendLine($"public static void Run{i}(float[] a, float[] o) => L{i}(new ReadOnlySpan<float>(a, {Guard}, a.Length - {2 * Guard}), new Span<float>(o, {Guard}, o.Length - {2 * Guard}));");
            }

            source.AppendLine("}");
            Run = GeneratorHarness.Run(source.ToString(), "PoolBatch" + Guid.NewGuid().ToString("N"));
            Assembly = LayerAssembly.Load(Run);
            for (int i = 0; i < cases.Count; i++)
            {
                runners.Add(Assembly.Method<Action<float[], float[]>>("Batch.Layers", $"Run{i}"));
            }
        }

        public IReadOnlyList<PoolCase> Cases { get; }

        public GeneratorRun Run { get; }

        public LayerAssembly Assembly { get; }

        /// <summary>Every method of the generated kernel classes (namespace <c>StrideGen.Generated</c>) of this batch.</summary>
        public IEnumerable<MethodInfo> KernelMethods =>
            runners[0].Method.DeclaringType!.Assembly.GetTypes()
                .Where(t => t.Namespace == "StrideGen.Generated")
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly));

        /// <summary>An array with <see cref="Guard"/> NaN floats on either side of <paramref name="values"/>.</summary>
        public static float[] Guarded(ReadOnlySpan<float> values)
        {
            var array = new float[values.Length + 2 * Guard];
            array.AsSpan().Fill(float.NaN);
            values.CopyTo(array.AsSpan(Guard));
            return array;
        }

        /// <summary>
        /// Runs layer <paramref name="index"/> on a guarded copy of <paramref name="input"/> into an output filled with NaN
        /// (so an output the kernel does not write shows); returns the output and the input array, guards included.
        /// </summary>
        public (float[] Output, float[] Input) Invoke(int index, float[] input)
        {
            var guardedInput = Guarded(input);
            var output = Guarded(new float[Cases[index].OutputLength]);
            output.AsSpan(Guard, Cases[index].OutputLength).Fill(float.NaN);
            runners[index](guardedInput, output);
            return (output, guardedInput);
        }

        /// <summary>Whether the <see cref="Guard"/> floats before and after a span of <paramref name="length"/> are still NaN.</summary>
        public static bool GuardsIntact(float[] array, int length) =>
            array.AsSpan(0, Guard).ToArray().All(float.IsNaN) && array.AsSpan(Guard + length).ToArray().All(float.IsNaN);
    }
}
