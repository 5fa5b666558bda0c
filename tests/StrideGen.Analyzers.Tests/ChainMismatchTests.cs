using System.Threading.Tasks;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>SGEN006: From names no layer, a cycle, or a written input shape that differs from the From layer's output.</summary>
    public sealed class ChainMismatchTests
    {
        private const string First = "    [Conv2D(InChannels = 1, OutChannels = 8, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1)]\n    public static partial void First(" + Source.Conv + ");\n";

        [Fact]
        public Task Written_input_size_that_differs_names_both_shapes() =>
            new LayerAnalyzerTest(Source.InClass(First
                + $"    [Conv2D(From = nameof(First), InChannels = 8, {{|#0:InputHeight = 28|}}, {{|#1:InputWidth = 28|}}, OutChannels = 16, KernelSize = 3, Padding = 1)]\n    public static partial void Second({Source.Conv});"),
                At(D.ChainMismatch, 0, "InputHeight = 28 differs from the output of 'First', which is 8×14×14 (channels × height × width); remove InputHeight or make it 14"),
                At(D.ChainMismatch, 1, "InputWidth = 28 differs from the output of 'First', which is 8×14×14 (channels × height × width); remove InputWidth or make it 14")).RunAsync();

        [Fact]
        public Task Written_channels_that_differ_are_reported() =>
            new LayerAnalyzerTest(Source.InClass(First
                + $"    [MaxPool2D(From = nameof(First), {{|#0:Channels = 4|}}, KernelSize = 2)]\n    public static partial void Pool({Source.Pool});"),
                At(D.ChainMismatch, 0, "Channels = 4 differs from the output of 'First', which is 8×14×14 (channels × height × width); remove Channels or make it 8")).RunAsync();

        [Fact]
        public Task From_naming_no_layer_is_reported_at_from() =>
            new LayerAnalyzerTest(Source.InClass(
                $"    [Conv2D({{|#0:From = \"Missing\"|}}, InputHeight = 8, InputWidth = 8, KernelSize = 3)]\n    public static partial void Layer({Source.Conv});"),
                At(D.ChainMismatch, 0, "From = \"Missing\" names no StrideGen layer of the containing type")).RunAsync();

        [Fact]
        public Task From_naming_a_method_that_is_not_a_layer_is_reported() =>
            new LayerAnalyzerTest(Source.InClass(
                $"    public static void Helper() {{ }}\n    [Conv2D({{|#0:From = nameof(Helper)|}}, InputHeight = 8, InputWidth = 8, KernelSize = 3)]\n    public static partial void Layer({Source.Conv});"),
                At(D.ChainMismatch, 0, "From = \"Helper\" names no StrideGen layer of the containing type")).RunAsync();

        [Fact]
        public Task Cycle_is_reported_on_each_member() =>
            new LayerAnalyzerTest(Source.InClass(
                $"    [Conv2D({{|#0:From = nameof(B)|}}, InputHeight = 8, InputWidth = 8, KernelSize = 1)]\n    public static partial void A({Source.Conv});\n"
                + $"    [Conv2D({{|#1:From = nameof(A)|}}, InputHeight = 8, InputWidth = 8, KernelSize = 1)]\n    public static partial void B({Source.Conv});"),
                At(D.ChainMismatch, 0, "the From chain is a cycle: B → A → B"),
                At(D.ChainMismatch, 1, "the From chain is a cycle: A → B → A")).RunAsync();

        [Fact]
        public Task Written_shape_equal_to_the_chain_is_not_reported() =>
            new LayerAnalyzerTest(Source.InClass(First
                + $"    [Conv2D(From = nameof(First), InChannels = 8, InputHeight = 14, InputWidth = 14, OutChannels = 16, KernelSize = 3, Padding = 1)]\n    public static partial void Second({Source.Conv});\n"
                + $"    [MaxPool2D(From = nameof(Second), KernelSize = 2)]\n    public static partial void Pool({Source.Pool});")).RunAsync();
    }
}
