using System.Threading.Tasks;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>SGEN002: the dilated kernel is larger than the padded input, so an axis has no output.</summary>
    public sealed class EmptyOutputTests
    {
        [Fact]
        public Task Kernel_larger_than_the_padded_input_is_reported_on_each_axis_with_the_sizes() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D({|#0:InputHeight = 4|}, {|#1:InputWidth = 4|}, KernelSize = 7, Padding = 1)"),
                At(D.EmptyOutput, 0, "The output height is empty: the dilated kernel spans 7 but the padded input height is 4 + 1 + 1 = 6"),
                At(D.EmptyOutput, 1, "The output width is empty: the dilated kernel spans 7 but the padded input width is 4 + 1 + 1 = 6")).RunAsync();

        [Fact]
        public Task Dilation_that_outgrows_one_axis_is_reported_on_that_axis_only() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D({|#0:InputHeight = 5|}, InputWidth = 9, KernelSize = 3, Dilation = 3)"),
                At(D.EmptyOutput, 0, "The output height is empty: the dilated kernel spans 7 but the padded input height is 5 + 0 + 0 = 5")).RunAsync();

        [Fact]
        public Task Chained_layer_whose_input_is_too_small_is_reported_at_the_attribute() =>
            new LayerAnalyzerTest(Source.InClass(
                $"    [MaxPool2D(Channels = 1, InputHeight = 4, InputWidth = 4, KernelSize = 2)]\n    public static partial void Pool({Source.Pool});\n"
                + $"    [{{|#0:Conv2D(From = nameof(Pool), KernelSize = 3)|}}]\n    public static partial void Conv({Source.Conv});"),
                At(D.EmptyOutput, 0, "The output height is empty: the dilated kernel spans 3 but the padded input height is 2 + 0 + 0 = 2"),
                At(D.EmptyOutput, 0, "The output width is empty: the dilated kernel spans 3 but the padded input width is 2 + 0 + 0 = 2")).RunAsync();

        [Fact]
        public Task Kernel_exactly_the_padded_input_is_not_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 5, InputWidth = 5, KernelSize = 7, Padding = 1)")).RunAsync();
    }
}
