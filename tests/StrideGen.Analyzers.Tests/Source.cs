namespace StrideGen.Analyzers.Tests
{
    /// <summary>Test source text: layers in a partial class, as a user writes them.</summary>
    internal static class Source
    {
        public const string Conv = "ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output";

        public const string ConvWithBias = "ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output";

        public const string Pool = "ReadOnlySpan<float> input, Span<float> output";

        /// <summary><paramref name="members"/> in <c>public static partial class Net</c> of namespace App.</summary>
        public static string InClass(string members, string typeHeader = "public static partial class Net") =>
            "using System;\nusing StrideGen;\n\nnamespace App;\n\n" + typeHeader + "\n{\n" + members + "\n}\n";

        /// <summary>A convolution layer with the attribute text given (markup allowed), in the class.</summary>
        public static string Conv2D(string attribute, string name = "Layer") =>
            InClass($"    [{attribute}]\n    public static partial void {name}({Conv});");
    }
}
