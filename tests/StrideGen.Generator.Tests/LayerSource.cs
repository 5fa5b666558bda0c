namespace StrideGen.Generator.Tests
{
    /// <summary>Consumer source text for the tests: <c>[Conv2D]</c> declarations and the file around them.</summary>
    internal static class LayerSource
    {
        public const string Usings = "using System;\nusing StrideGen;\n";

        public const string Parameters = "ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output";

        public const string ParametersWithBias = "ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output";

        /// <summary>A <c>[Conv2D]</c> method declaration (no containing type).</summary>
        public static string Declaration(string arguments, string name = "Layer", string modifiers = "public static partial", bool bias = false) =>
            $"[Conv2D({arguments})]\n{modifiers} void {name}({(bias ? ParametersWithBias : Parameters)});\n";

        /// <summary>A whole file: usings, then <paramref name="members"/> in <c>public static partial class Layers</c> of namespace <paramref name="ns"/>.</summary>
        public static string InClass(string members, string ns = "App") => InType("public static partial class Layers", members, ns);

        /// <summary>A whole file: usings, then <paramref name="members"/> in the type <paramref name="typeHeader"/> of (file-scoped) namespace <paramref name="ns"/>.</summary>
        public static string InType(string typeHeader, string members, string ns = "App") =>
            $"{Usings}namespace {ns};\n{typeHeader}\n{{\n{members}}}\n";
    }
}
