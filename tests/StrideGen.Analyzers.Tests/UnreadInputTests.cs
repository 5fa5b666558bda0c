using System.Threading.Tasks;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>
    /// SGEN003 (warning): counting from the last row (column) a window reads, more trailing input is unread than the
    /// regular gap max(0, stride − dilated kernel).
    /// </summary>
    public sealed class UnreadInputTests
    {
        [Fact]
        public Task Unpadded_3x3_stride_2_on_28_loses_the_last_row_and_column() =>
            new LayerAnalyzerTest(Source.Conv2D("{|#0:Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2)|}"),
                At(D.UnreadInput, 0, "Stride 2 leaves the last 1 input rows of 28 unread (input 28, kernel 3, dilation 1, padding 0+0 → 13 outputs); PadBottom = 1 reads them, or use PaddingMode.Same"),
                At(D.UnreadInput, 0, "Stride 2 leaves the last 1 input columns of 28 unread (input 28, kernel 3, dilation 1, padding 0+0 → 13 outputs); PadRight = 1 reads them, or use PaddingMode.Same")).RunAsync();

        [Fact]
        public Task Valid_padding_is_pointed_at_PaddingMode_Same() =>
            new LayerAnalyzerTest(Source.Conv2D("{|#0:Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, PaddingMode = PaddingMode.Valid)|}"),
                At(D.UnreadInput, 0, "Stride 2 leaves the last 1 input rows of 28 unread (input 28, kernel 3, dilation 1, padding 0+0 → 13 outputs); PaddingMode.Same reads them"),
                At(D.UnreadInput, 0, "Stride 2 leaves the last 1 input columns of 28 unread (input 28, kernel 3, dilation 1, padding 0+0 → 13 outputs); PaddingMode.Same reads them")).RunAsync();

        [Fact]
        public Task The_named_far_pad_reads_every_row_a_regular_gap_does_not_skip() =>
            // 2-row windows stride 3 on 10 rows: windows at 0, 3, 6 leave rows 8 and 9; PadBottom = 1 adds the window at 9.
            new LayerAnalyzerTest(Source.Conv2D("{|#0:Conv2D(InputHeight = 10, InputWidth = 9, KernelHeight = 2, KernelWidth = 3, StrideHeight = 3, StrideWidth = 3)|}"),
                At(D.UnreadInput, 0, "Stride 3 leaves the last 2 input rows of 10 unread (input 10, kernel 2, dilation 1, padding 0+0 → 3 outputs); PadBottom = 1 reads them, or use PaddingMode.Same")).RunAsync();

        [Fact]
        public Task ResNet_3x3_stride_2_padding_1_on_224_is_not_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InChannels = 64, OutChannels = 128, InputHeight = 224, InputWidth = 224, KernelSize = 3, Stride = 2, Padding = 1)")).RunAsync();

        [Fact]
        public Task ResNet_1x1_stride_2_projection_on_56_is_not_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InChannels = 64, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 1, Stride = 2)")).RunAsync();

        [Fact]
        public Task Stride_larger_than_the_kernel_is_judged_against_the_regular_gap() =>
            // 1×1 stride 3 on 11: the last window reads column 9; column 10 is within the gap of 2 every window leaves anyway.
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 11, InputWidth = 11, KernelSize = 1, Stride = 3)")).RunAsync();

        [Fact]
        public Task Only_the_axis_that_loses_input_is_reported_at_its_far_pad() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 27, InputWidth = 27, KernelSize = 3, Stride = 2, PadTop = 1, {|#0:PadBottom = 0|}, PadLeft = 0, PadRight = 1)"),
                At(D.UnreadInput, 0, "Stride 2 leaves the last 1 input rows of 27 unread (input 27, kernel 3, dilation 1, padding 1+0 → 13 outputs); PadBottom = 1 reads them, or use PaddingMode.Same")).RunAsync();

        [Fact]
        public Task Shared_padding_carries_the_report_when_no_far_pad_is_written() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 32, InputWidth = 32, KernelSize = 3, Stride = 4, {|#0:Padding = 1|})"),
                At(D.UnreadInput, 0, "Stride 4 leaves the last 2 input rows of 32 unread (input 32, kernel 3, dilation 1, padding 1+1 → 8 outputs); PadBottom = 2 reads them (write the four pads in place of Padding), or use PaddingMode.Same"),
                At(D.UnreadInput, 0, "Stride 4 leaves the last 2 input columns of 32 unread (input 32, kernel 3, dilation 1, padding 1+1 → 8 outputs); PadRight = 2 reads them (write the four pads in place of Padding), or use PaddingMode.Same")).RunAsync();

        [Fact]
        public Task Max_pooling_2x2_on_an_odd_input_loses_the_last_row_and_column() =>
            new LayerAnalyzerTest(Source.InClass($"    [{{|#0:MaxPool2D(Channels = 4, InputHeight = 7, InputWidth = 7, KernelSize = 2)|}}]\n    public static partial void Pool({Source.Pool});"),
                At(D.UnreadInput, 0, "Stride 2 leaves the last 1 input rows of 7 unread (input 7, kernel 2, dilation 1, padding 0+0 → 3 outputs); PadBottom = 1 reads them, or use PaddingMode.Same"),
                At(D.UnreadInput, 0, "Stride 2 leaves the last 1 input columns of 7 unread (input 7, kernel 2, dilation 1, padding 0+0 → 3 outputs); PadRight = 1 reads them, or use PaddingMode.Same")).RunAsync();

        [Fact]
        public Task Ceil_mode_pooling_reads_the_last_row() =>
            new LayerAnalyzerTest(Source.InClass($"    [MaxPool2D(Channels = 4, InputHeight = 7, InputWidth = 7, KernelSize = 2, CeilMode = true)]\n    public static partial void Pool({Source.Pool});")).RunAsync();

        [Fact]
        public Task Same_padding_is_never_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, PaddingMode = PaddingMode.Same)")).RunAsync();

        [Fact]
        public Task Severity_can_be_turned_off_in_editorconfig()
        {
            var test = new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2)"));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.SGEN003.severity = none\n"));
            return test.RunAsync();
        }
    }
}
