using System.Threading.Tasks;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>SGEN001: a value below its minimum, a negative pad, a missing required value, an undefined enum value.</summary>
    public sealed class InvalidParameterTests
    {
        [Fact]
        public Task Kernel_size_zero_is_reported_at_the_argument() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 8, InputWidth = 8, {|#0:KernelSize = 0|})"),
                At(D.InvalidParameter, 0, "KernelSize must be at least 1, but is 0")).RunAsync();

        [Fact]
        public Task Negative_padding_is_reported_once_at_the_argument() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3, {|#0:Padding = -1|})"),
                At(D.InvalidParameter, 0, "Padding must not be negative, but is -1")).RunAsync();

        [Fact]
        public Task Stride_zero_is_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3, {|SGEN001:Stride = 0|})")).RunAsync();

        [Fact]
        public Task Per_axis_dilation_zero_is_reported_at_that_axis() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3, {|SGEN001:DilationWidth = 0|})")).RunAsync();

        [Fact]
        public Task Missing_input_size_is_reported_at_the_attribute() =>
            new LayerAnalyzerTest(Source.Conv2D("{|#0:Conv2D(InputWidth = 8, KernelSize = 3)|}"),
                At(D.InvalidParameter, 0, "InputHeight is required")).RunAsync();

        [Fact]
        public Task Missing_kernel_is_reported_once() =>
            new LayerAnalyzerTest(Source.Conv2D("{|#0:Conv2D(InputHeight = 8, InputWidth = 8)|}"),
                At(D.InvalidParameter, 0, "KernelSize is required (or KernelHeight)")).RunAsync();

        [Fact]
        public Task Undefined_padding_mode_is_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3, {|#0:PaddingMode = (PaddingMode)7|})"),
                At(D.InvalidParameter, 0, "PaddingMode = 7 is not a defined value; use Explicit, Valid, Same or SameLower")).RunAsync();

        [Fact]
        public Task Zero_out_channels_is_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D({|SGEN001:OutChannels = 0|}, InputHeight = 8, InputWidth = 8, KernelSize = 3)")).RunAsync();

        [Fact]
        public Task Pooling_without_channels_is_reported() =>
            new LayerAnalyzerTest(Source.InClass($"    [{{|#0:MaxPool2D(InputHeight = 8, InputWidth = 8, KernelSize = 2)|}}]\n    public static partial void Pool({Source.Pool});"),
                At(D.InvalidParameter, 0, "Channels is required")).RunAsync();

        [Fact]
        public Task Pooling_pad_as_large_as_the_window_is_reported() =>
            new LayerAnalyzerTest(Source.InClass($"    [MaxPool2D(Channels = 1, InputHeight = 8, InputWidth = 8, KernelSize = 2, {{|#0:PadTop = 2|}})]\n    public static partial void Pool({Source.Pool});"),
                At(D.InvalidParameter, 0, "PadTop = 2 must be smaller than the kernel height 2: a pooling window must hold a real input value")).RunAsync();

        [Fact]
        public Task Errors_cannot_be_turned_off_in_editorconfig()
        {
            var test = new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 8, InputWidth = 8, {|SGEN001:KernelSize = 0|})"));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.SGEN001.severity = none\n"));
            return test.RunAsync();
        }

        [Fact]
        public Task Valid_layer_has_no_diagnostic() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InChannels = 3, OutChannels = 16, InputHeight = 32, InputWidth = 32, KernelSize = 3, Padding = 1)")).RunAsync();
    }
}
