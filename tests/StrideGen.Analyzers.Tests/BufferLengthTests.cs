using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>SGEN007 (warning): a buffer of a length known at compile time that differs from what the layer requires.</summary>
    public sealed class BufferLengthTests
    {
        /// <summary>1×28×28 → 8×14×14: input 784, weights 72, bias 8, output 1568.</summary>
        private const string Layers =
            "    [Conv2D(InChannels = 1, OutChannels = 8, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1)]\n"
            + "    public static partial void Down(" + Source.ConvWithBias + ");\n"
            + "    [MaxPool2D(Channels = 8, InputHeight = 14, InputWidth = 14, KernelSize = 2)]\n"
            + "    public static partial void Pool(" + Source.Pool + ");\n";

        private static string Calls(string body, string members = "") =>
            Source.InClass(Layers + members + "    public static void Run()\n    {\n" + body + "\n    }");

        [Fact]
        public Task Array_creation_of_the_wrong_length_is_reported_at_the_argument() =>
            new LayerAnalyzerTest(Calls("        Down({|#0:new float[783]|}, new float[72], new float[8], new float[1568]);"),
                At(D.BufferLength, 0, "'Down' needs input of 784 floats (1×28×28), but the buffer passed holds 783")).RunAsync();

        [Fact]
        public Task Stackalloc_of_the_wrong_length_is_reported() =>
            new LayerAnalyzerTest(Calls("        Down(new float[784], new float[72], new float[8], {|#0:stackalloc float[1567]|});"),
                At(D.BufferLength, 0, "'Down' needs output of 1568 floats (8×14×14), but the buffer passed holds 1567")).RunAsync();

        [Fact]
        public Task Collection_expression_of_the_wrong_length_is_reported() =>
            new LayerAnalyzerTest(Calls("        Down(new float[784], new float[72], {|#0:[1f, 2f, 3f]|}, new float[1568]);"),
                At(D.BufferLength, 0, "'Down' needs bias of 8 floats (one per output channel), but the buffer passed holds 3")).RunAsync();

        [Fact]
        public Task Local_initialised_once_is_followed() =>
            new LayerAnalyzerTest(Calls("        var weights = new float[9];\n        Span<float> output = stackalloc float[1568];\n        Down(new float[784], {|#0:weights|}, new float[8], output);"),
                At(D.BufferLength, 0, "'Down' needs weights of 72 floats (8×1×3×3), but the buffer passed holds 9")).RunAsync();

        [Fact]
        public Task Readonly_field_is_followed() =>
            new LayerAnalyzerTest(Calls("        Pool({|#0:Input|}, new float[392]);", "    private static readonly float[] Input = new float[14 * 14];\n"),
                At(D.BufferLength, 0, "'Pool' needs input of 1568 floats (8×14×14), but the buffer passed holds 196")).RunAsync();

        [Fact]
        public Task Readonly_field_declared_in_another_file_is_followed()
        {
            var test = new LayerAnalyzerTest(Calls("        Pool({|#0:Input|}, new float[392]);"),
                At(D.BufferLength, 0, "'Pool' needs input of 1568 floats (8×14×14), but the buffer passed holds 10"));
            test.TestState.Sources.Add(("Fields.cs", "namespace App;\npublic static partial class Net\n{\n    private static readonly float[] Input = new float[10];\n}\n"));
            return test.RunAsync();
        }

        [Fact]
        public Task Several_wrong_buffers_are_each_reported() =>
            new LayerAnalyzerTest(Calls("        Pool({|#0:new float[1]|}, {|#1:new float[2]|});"),
                At(D.BufferLength, 0, "'Pool' needs input of 1568 floats (8×14×14), but the buffer passed holds 1"),
                At(D.BufferLength, 1, "'Pool' needs output of 392 floats (8×7×7), but the buffer passed holds 2")).RunAsync();

        [Fact]
        public Task Buffers_of_the_right_length_are_not_reported() =>
            new LayerAnalyzerTest(Calls(
                "        const int inputLength = 784;\n"
                + "        var input = new float[inputLength];\n"
                + "        Span<float> output = stackalloc float[8 * 14 * 14];\n"
                + "        Down(input, new float[72], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], output);\n"
                + "        Pool(output, new float[392]);")).RunAsync();

        [Fact]
        public Task Local_that_is_reassigned_is_not_judged() =>
            new LayerAnalyzerTest(Calls("        var input = new float[10];\n        input = new float[784];\n        Pool(new float[1568], new float[392]);\n        Down(input, new float[72], new float[8], new float[1568]);")).RunAsync();

        [Fact]
        public Task Local_passed_by_ref_is_not_judged() =>
            new LayerAnalyzerTest(Calls("        var input = new float[10];\n        Resize(ref input);\n        Down(input, new float[72], new float[8], new float[1568]);",
                "    private static void Resize(ref float[] buffer) => buffer = new float[784];\n")).RunAsync();

        [Fact]
        public Task Field_that_is_not_readonly_is_not_judged() =>
            new LayerAnalyzerTest(Calls("        Pool(Input, new float[392]);", "    private static float[] Input = new float[10];\n")).RunAsync();

        [Fact]
        public Task Readonly_field_assigned_in_a_constructor_is_not_judged() =>
            new LayerAnalyzerTest(Source.InClass(Layers
                + "    private readonly float[] input = new float[10];\n"
                + "    public Net() { input = new float[1568]; }\n"
                + "    public void Run() => Pool(input, new float[392]);", "public partial class Net")).RunAsync();

        [Fact]
        public Task Buffers_of_unknown_length_are_not_judged() =>
            new LayerAnalyzerTest(Source.InClass(Layers + "    public static void Run(float[] input, Span<float> output, int n) => Pool(input, output.Slice(0, n));")).RunAsync();

        [Fact]
        public Task Calls_to_a_layer_with_errors_are_not_judged() =>
            new LayerAnalyzerTest(Source.InClass(
                $"    [Conv2D(InputHeight = 8, InputWidth = 8, {{|SGEN001:KernelSize = 0|}})]\n    public static partial void Broken({Source.Conv});\n"
                + "    public static void Run() => Broken(new float[1], new float[1], new float[1]);")).RunAsync();

        [Fact]
        public Task Warning_can_be_turned_off_in_editorconfig()
        {
            var test = new LayerAnalyzerTest(Calls("        Pool(new float[1], new float[2]);"));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.SGEN007.severity = none\n"));
            return test.RunAsync();
        }
    }
}
