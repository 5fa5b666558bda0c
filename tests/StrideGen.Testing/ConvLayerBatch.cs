using System;
using System.Linq;
using System.Collections.Generic;
using System.Text;

namespace StrideGen.Testing
{
    /// <summary>
    /// Declares many <see cref="ConvCase"/>s as <c>[Conv2D]</c> methods in one source file, runs the generator, compiles the
    /// result and loads it. Each layer gets a wrapper that slices its spans out of larger arrays, so tests can check that
    /// nothing outside the spans is touched.
    /// </summary>
    public sealed class ConvLayerBatch
    {
        /// <summary>Floats left around each span in the arrays passed to <see cref="Run"/>.</summary>
        public const int Guard = 16;

        private readonly List<Action<float[], float[], float[]?, float[]>> runners = new();

        /// <summary>
        /// The consumer allows unsafe code, so the generated drivers skip zeroing their stack blocks (<c>[SkipLocalsInit]</c>),
        /// and each call first fills 256 KB of the stack below it with NaN: a float of a stack block (packed band, gathered
        /// window, phase split, Winograd tile) that a kernel reads before writing it shows in the outputs, where zeroed
        /// blocks (a consumer without unsafe code) would hide it. Multi-threaded layers need unsafe code anyway.
        /// </summary>
        public ConvLayerBatch(IReadOnlyList<ConvCase> cases)
        {
            Cases = cases;
            var source = new StringBuilder();
            source.AppendLine("using System;");
            source.AppendLine("using StrideGen;");
            source.AppendLine("namespace Batch;");
            source.AppendLine("public static partial class Layers");
            source.AppendLine("{");
            source.AppendLine("[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]");
            source.AppendLine("private static void Dirty() { Span<float> junk = stackalloc float[65536]; junk.Fill(float.NaN); Keep(junk); }");
            source.AppendLine("[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]");
            source.AppendLine("private static void Keep(Span<float> junk) { if (junk[junk.Length - 1] == 1) throw new InvalidOperationException(); }");
            for (int i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                source.AppendLine(c.Declaration($"L{i}"));
                string slice = $"{Guard}, a.Length - {2 * Guard}";
                string bias = c.HasBias ? $"new ReadOnlySpan<float>(b!, {Guard}, b!.Length - {2 * Guard}), " : "";
                string weights = $"new ReadOnlySpan<float>(w, {Guard}, w.Length - {2 * Guard})";
                if (c.PackedWeights)
                {
                    // The layer reads its weights as its PackWeights method packs them, into an array of the same guarded size.
                    source.AppendLine($"public static void Run{i}(float[] a, float[] w, float[]? b, float[] o) {{ var p = new float[w.Length]; L{i}PackWeights({weights}, new Span<float>(p, {Guard}, p.Length - {2 * Guard})); "
                        + $"Dirty(); L{i}(new ReadOnlySpan<float>(a, {slice}), new ReadOnlySpan<float>(p, {Guard}, p.Length - {2 * Guard}), {bias}new Span<float>(o, {Guard}, o.Length - {2 * Guard})); }}");
                    continue;
                }

                source.AppendLine($"public static void Run{i}(float[] a, float[] w, float[]? b, float[] o) {{ Dirty(); L{i}(new ReadOnlySpan<float>(a, {slice}), "
                    + $"{weights}, {bias}new Span<float>(o, {Guard}, o.Length - {2 * Guard})); }}");
            }

            source.AppendLine("}");
            Run = GeneratorHarness.Run(source.ToString(), "Batch" + Guid.NewGuid().ToString("N"), allowUnsafe: true);
            Assembly = LayerAssembly.Load(Run);
            for (int i = 0; i < cases.Count; i++)
            {
                runners.Add(Assembly.Method<Action<float[], float[], float[]?, float[]>>("Batch.Layers", $"Run{i}"));
            }
        }

        public IReadOnlyList<ConvCase> Cases { get; }

        public GeneratorRun Run { get; }

        public LayerAssembly Assembly { get; }

        /// <summary>Arrays with <see cref="Guard"/> NaN floats on either side of <paramref name="values"/>.</summary>
        public static float[] Guarded(ReadOnlySpan<float> values)
        {
            var array = new float[values.Length + 2 * Guard];
            array.AsSpan().Fill(float.NaN);
            values.CopyTo(array.AsSpan(Guard));
            return array;
        }

        /// <summary>
        /// Runs layer <paramref name="index"/> on random tensors drawn from <paramref name="random"/> and compares it with the
        /// float64 reference: null when every output matches and nothing was written outside the output span, else what is wrong.
        /// </summary>
        public string? CheckAgainstReference(int index, Random random)
        {
            var c = Cases[index];
            var (input, weights, bias) = RandomConvCases.Tensors(random, c);
            var (expected, magnitude) = ConvReference.Compute(c, input, weights, bias);
            var output = Invoke(index, input, weights, bias);
            return ConvReference.FirstMismatch(expected, magnitude, output.AsSpan(Guard, c.OutputLength))
                ?? (GuardsIntact(output, c.OutputLength) ? null : "wrote outside the output span");
        }

        /// <summary>
        /// Checks every layer in order against the float64 reference (see <see cref="CheckAgainstReference"/>), drawing the
        /// tensors from <paramref name="random"/>; returns "case: what is wrong" for each layer that fails.
        /// </summary>
        public List<string> Mismatches(Random random)
        {
            var failures = new List<string>();
            for (int i = 0; i < Cases.Count; i++)
            {
                if (CheckAgainstReference(i, random) is { } miss)
                {
                    failures.Add($"{Cases[i]}: {miss}");
                }
            }

            return failures;
        }

        /// <summary>
        /// Runs <paramref name="cases"/> as one batch against the float64 reference (<see cref="Mismatches"/>): null when every
        /// layer matches, else "N of M configurations differ:" and the first <paramref name="shown"/> of them, for a test to assert.
        /// </summary>
        public static string? MismatchReport(IReadOnlyList<ConvCase> cases, Random random, int shown = int.MaxValue)
        {
            var failures = new ConvLayerBatch(cases).Mismatches(random);
            return failures.Count == 0 ? null : $"{failures.Count} of {cases.Count} configurations differ:\n" + string.Join("\n", failures.Take(shown));
        }

        /// <summary>Whether the <see cref="Guard"/> floats before and after a span of <paramref name="length"/> are still NaN.</summary>
        public static bool GuardsIntact(float[] array, int length) =>
            array.AsSpan(0, Guard).ToArray().All(float.IsNaN) && array.AsSpan(Guard + length).ToArray().All(float.IsNaN);

        /// <summary>Runs layer <paramref name="index"/>; returns the output array, guards included.</summary>
        public float[] Invoke(int index, float[] input, float[] weights, float[]? bias)
        {
            var c = Cases[index];
            var output = Guarded(new float[c.OutputLength]);
            output.AsSpan(Guard, c.OutputLength).Fill(float.NaN); // every output must be written
            runners[index](Guarded(input), Guarded(weights), bias is null ? null : Guarded(bias), output);
            return output;
        }
    }
}
