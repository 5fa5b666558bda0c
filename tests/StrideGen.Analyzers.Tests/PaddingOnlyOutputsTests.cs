using System.Threading.Tasks;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>SGEN008 (warning): padding on a side at least the dilated kernel extent, so some outputs see padding only.</summary>
    public sealed class PaddingOnlyOutputsTests
    {
        [Fact]
        public Task Shared_padding_beyond_the_kernel_is_reported_once_under_its_own_name() =>
            // Padding = 3 pads all four sides; the user wrote one argument, so one warning names it.
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 5, InputWidth = 5, KernelSize = 2, {|#0:Padding = 3|})"),
                At(D.PaddingOnlyOutputs, 0, "Padding = 3 is at least the dilated kernel extent 2, so some outputs are computed from padding alone")).RunAsync();

        [Fact]
        public Task A_written_side_is_named_beside_the_shared_padding_it_overrides() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3, {|#0:Padding = 3|}, {|#1:PadTop = 3|})"),
                At(D.PaddingOnlyOutputs, 1, "PadTop = 3 is at least the dilated kernel extent 3, so some outputs are computed from padding alone"),
                At(D.PaddingOnlyOutputs, 0, "Padding = 3 is at least the dilated kernel extent 3, so some outputs are computed from padding alone")).RunAsync();

        [Fact]
        public Task One_side_is_reported_at_its_argument() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3, {|#0:PadTop = 3|})"),
                At(D.PaddingOnlyOutputs, 0, "PadTop = 3 is at least the dilated kernel extent 3, so some outputs are computed from padding alone")).RunAsync();

        [Fact]
        public Task Dilation_widens_the_extent_padding_is_measured_against() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 9, InputWidth = 9, KernelSize = 2, Dilation = 2, PadLeft = 2, {|SGEN008:PadRight = 3|})")).RunAsync();

        [Fact]
        public Task Padding_one_less_than_the_kernel_is_not_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3, Padding = 2)")).RunAsync();
    }
}
