using System.Threading.Tasks;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>SGEN009: a length that overflows int, or a figure beyond the generator's limits (the message says the limit).</summary>
    public sealed class UnsupportedTests
    {
        [Fact]
        public Task Kernel_beyond_the_limit_is_reported_with_the_limit() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 4096, InputWidth = 4096, {|#0:KernelSize = 2000|})"),
                At(D.Unsupported, 0, "KernelSize = 2000 is beyond what the generator supports (at most 256)")).RunAsync();

        [Fact]
        public Task Stride_beyond_the_limit_is_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3, {|#0:Stride = 5000|})"),
                At(D.Unsupported, 0, "Stride = 5000 is beyond what the generator supports (at most 1024)")).RunAsync();

        [Fact]
        public Task Padding_beyond_64_is_reported_with_the_limit() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 256, InputWidth = 256, KernelSize = 3, {|#0:Padding = 65|})"),
                At(D.Unsupported, 0, "Padding = 65 is beyond what the generator supports (at most 64)")).RunAsync();

        [Fact]
        public Task A_dilated_axis_takes_64_padding_per_unit_of_dilation() =>
            // WaveNet's dilation-256 layer on a 1-D signal: padded 256 a side across, where the limit is 64 × 256.
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InChannels = 16, OutChannels = 16, InputHeight = 1, InputWidth = 4000, KernelHeight = 1, KernelWidth = 3, DilationWidth = 256, PadLeft = 256, PadRight = 256)")).RunAsync();

        [Fact]
        public Task Padding_past_64_times_the_dilation_is_reported_with_that_limit() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InputHeight = 1, InputWidth = 4000, KernelHeight = 1, KernelWidth = 3, DilationWidth = 2, PadLeft = 2, {|#0:PadRight = 129|})"),
                At(D.Unsupported, 0, "PadRight = 129 is beyond what the generator supports (at most 64 × dilation 2 = 128)")).RunAsync();

        [Fact]
        public Task Input_length_overflowing_int_is_reported_at_the_attribute() =>
            new LayerAnalyzerTest(Source.Conv2D("{|#0:Conv2D(InChannels = 1024, InputHeight = 2048, InputWidth = 2048, KernelSize = 1)|}"),
                At(D.Unsupported, 0, "The input length 4294967296 overflows int (at most 2147483647 floats fit a span)")).RunAsync();

        [Fact]
        public Task Channels_beyond_the_limit_are_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D({|SGEN009:InChannels = 70000|}, InputHeight = 8, InputWidth = 8, KernelSize = 3)")).RunAsync();

        [Fact]
        public Task Multiply_accumulates_beyond_int_are_not_a_problem() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InChannels = 256, OutChannels = 256, InputHeight = 256, InputWidth = 256, KernelSize = 3, Padding = 1)")).RunAsync();
    }
}
