using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>SGEN005: the method carrying a layer must be a non-generic static partial void method of partial types with the documented spans.</summary>
    public sealed class SignatureMismatchTests
    {
        private const string Attribute = "[Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3)]";
        private const string ConvExpected = "static partial void Name(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output), optionally with ReadOnlySpan<float> bias before output";

        [Fact]
        public Task Instance_method_is_reported_at_its_name() =>
            new LayerAnalyzerTest(Source.InClass($"    {Attribute}\n    public partial void {{|#0:Layer|}}({Source.Conv});", "public partial class Net"),
                At(D.SignatureMismatch, 0, $"'Layer' must be static; a Conv2D layer is declared as {ConvExpected}")).RunAsync();

        [Fact]
        public Task Method_that_is_not_partial_is_reported() =>
            new LayerAnalyzerTest(Source.InClass($"    {Attribute}\n    public static void {{|#0:Layer|}}({Source.Conv}) {{ }}"),
                At(D.SignatureMismatch, 0, $"'Layer' must be partial; a Conv2D layer is declared as {ConvExpected}")).RunAsync();

        [Fact]
        public Task Method_that_returns_a_value_is_reported() =>
            new LayerAnalyzerTest(Source.InClass($"    {Attribute}\n    public static partial int {{|#0:Layer|}}({Source.Conv});"),
                At(D.SignatureMismatch, 0, $"'Layer' must return void, not int; a Conv2D layer is declared as {ConvExpected}")).RunAsync();

        [Fact]
        public Task Generic_method_is_reported() =>
            new LayerAnalyzerTest(Source.InClass($"    {Attribute}\n    public static partial void {{|SGEN005:Layer|}}<T>({Source.Conv});")).RunAsync();

        [Fact]
        public Task Method_in_a_type_that_is_not_partial_is_reported()
        {
            var test = new LayerAnalyzerTest(Source.InClass($"    {Attribute}\n    public static partial void {{|#0:Layer|}}({Source.Conv});", "public static class Net"),
                At(D.SignatureMismatch, 0, $"the containing type 'Net' must be partial; a Conv2D layer is declared as {ConvExpected}"),
                DiagnosticResult.CompilerError("CS0751").WithLocation(0));
            return test.RunAsync();
        }

        [Fact]
        public Task Wrong_parameter_type_names_the_parameter_and_the_expected_type() =>
            new LayerAnalyzerTest(Source.InClass($"    {Attribute}\n    public static partial void {{|#0:Layer|}}(float[] input, ReadOnlySpan<float> weights, Span<float> output);"),
                At(D.SignatureMismatch, 0, $"parameter 1 ('input', the input) is float[]; expected ReadOnlySpan<float>; a Conv2D layer is declared as {ConvExpected}")).RunAsync();

        [Fact]
        public Task Every_wrong_parameter_is_named_in_one_report() =>
            new LayerAnalyzerTest(Source.InClass($"    {Attribute}\n    public static partial void {{|#0:Layer|}}(float[] input, ReadOnlySpan<float> weights, float[] output);"),
                At(D.SignatureMismatch, 0, $"parameter 1 ('input', the input) is float[]; expected ReadOnlySpan<float>; parameter 3 ('output', the output) is float[]; expected Span<float>; a Conv2D layer is declared as {ConvExpected}")).RunAsync();

        [Fact]
        public Task Read_only_output_is_reported() =>
            new LayerAnalyzerTest(Source.InClass($"    {Attribute}\n    public static partial void {{|#0:Layer|}}(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> output);"),
                At(D.SignatureMismatch, 0, $"parameter 3 ('output', the output) is ReadOnlySpan<float>; expected Span<float>; a Conv2D layer is declared as {ConvExpected}")).RunAsync();

        [Fact]
        public Task Pooling_with_a_weights_parameter_is_reported() =>
            new LayerAnalyzerTest(Source.InClass($"    [MaxPool2D(Channels = 1, InputHeight = 8, InputWidth = 8, KernelSize = 2)]\n    public static partial void {{|#0:Pool|}}({Source.Conv});"),
                At(D.SignatureMismatch, 0, "'Pool' has 3 parameter(s); expected (ReadOnlySpan<float> input, Span<float> output); a MaxPool2D layer is declared as static partial void Name(ReadOnlySpan<float> input, Span<float> output)")).RunAsync();

        [Fact]
        public Task Local_function_is_reported() =>
            new LayerAnalyzerTest(Source.InClass($"    public static void Run()\n    {{\n        {Attribute}\n        static void {{|#0:Layer|}}({Source.Conv}) {{ }}\n    }}"),
                At(D.SignatureMismatch, 0, $"'Layer' is a local function, which cannot be partial; a Conv2D layer is declared as {ConvExpected}")).RunAsync();

        [Fact]
        public Task Every_accepted_form_is_not_reported() =>
            new LayerAnalyzerTest(Source.InClass(
                $"    {Attribute}\n    internal static partial void A({Source.Conv});\n"
                + $"    {Attribute}\n    private static partial void B({Source.ConvWithBias});\n"
                + $"    {Attribute}\n    static partial void C(scoped ReadOnlySpan<float> x, System.ReadOnlySpan<Single> w, Span<float> y);\n"
                + $"    [AvgPool2D(Channels = 1, InputHeight = 8, InputWidth = 8, KernelSize = 2)]\n    public static partial void D({Source.Pool});",
                "public partial struct Net")).RunAsync();
    }
}
