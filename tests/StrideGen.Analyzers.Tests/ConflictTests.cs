using System.Threading.Tasks;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>SGEN010: settings that contradict each other.</summary>
    public sealed class ConflictTests
    {
        [Fact]
        public Task Same_padding_with_explicit_padding_is_reported_at_the_pad() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3, PaddingMode = PaddingMode.Same, {|#0:Padding = 2|})"),
                At(D.Conflict, 0, "Padding = 2 conflicts with PaddingMode.Same, which chooses the padding itself; remove one of them")).RunAsync();

        [Fact]
        public Task Kernel_size_and_a_different_kernel_height_are_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 16, InputWidth = 16, KernelSize = 3, {|#0:KernelHeight = 5|})"),
                At(D.Conflict, 0, "KernelHeight = 5 conflicts with KernelSize = 3; write one of them")).RunAsync();

        [Fact]
        public Task Dilation_on_average_pooling_is_reported() =>
            new LayerAnalyzerTest(Source.InClass($"    [AvgPool2D(Channels = 2, InputHeight = 8, InputWidth = 8, KernelSize = 2, {{|#0:Dilation = 2|}})]\n    public static partial void Pool({Source.Pool});"),
                At(D.Conflict, 0, "Dilation = 2: AvgPool2D has no dilation (only MaxPool2D does)")).RunAsync();

        [Fact]
        public Task Count_include_pad_on_max_pooling_is_reported() =>
            new LayerAnalyzerTest(Source.InClass($"    [MaxPool2D(Channels = 2, InputHeight = 8, InputWidth = 8, KernelSize = 2, {{|#0:CountIncludePad = true|}})]\n    public static partial void Pool({Source.Pool});"),
                At(D.Conflict, 0, "CountIncludePad applies to AvgPool2D only: padded cells never win a max")).RunAsync();

        [Fact]
        public Task Kernel_size_and_an_equal_kernel_height_are_not_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 16, InputWidth = 16, KernelSize = 3, KernelHeight = 3)")).RunAsync();

        [Fact]
        public Task Count_include_pad_on_average_pooling_is_not_reported() =>
            new LayerAnalyzerTest(Source.InClass($"    [AvgPool2D(Channels = 2, InputHeight = 8, InputWidth = 8, KernelSize = 2, Padding = 1, CountIncludePad = true)]\n    public static partial void Pool({Source.Pool});")).RunAsync();
    }
}
