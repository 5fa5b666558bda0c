using System.Threading.Tasks;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>SGEN004: InChannels or OutChannels not divisible by Groups.</summary>
    public sealed class GroupsMismatchTests
    {
        [Fact]
        public Task Out_channels_not_divisible_is_reported_at_groups() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InChannels = 4, OutChannels = 6, InputHeight = 8, InputWidth = 8, KernelSize = 3, {|#0:Groups = 4|})"),
                At(D.GroupsMismatch, 0, "InChannels = 4 and OutChannels = 6 must both be divisible by Groups = 4 (OutChannels is not)")).RunAsync();

        [Fact]
        public Task In_channels_not_divisible_is_reported_at_groups() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InChannels = 3, OutChannels = 6, InputHeight = 8, InputWidth = 8, KernelSize = 3, {|#0:Groups = 2|})"),
                At(D.GroupsMismatch, 0, "InChannels = 3 and OutChannels = 6 must both be divisible by Groups = 2 (InChannels is not)")).RunAsync();

        [Fact]
        public Task Channels_taken_from_the_chain_are_checked() =>
            new LayerAnalyzerTest(Source.InClass(
                $"    [Conv2D(InChannels = 1, OutChannels = 3, InputHeight = 8, InputWidth = 8, KernelSize = 3, Padding = 1)]\n    public static partial void First({Source.Conv});\n"
                + $"    [Conv2D(From = nameof(First), OutChannels = 4, KernelSize = 3, Padding = 1, {{|#0:Groups = 2|}})]\n    public static partial void Second({Source.Conv});"),
                At(D.GroupsMismatch, 0, "InChannels = 3 and OutChannels = 4 must both be divisible by Groups = 2 (InChannels is not)")).RunAsync();

        [Fact]
        public Task Depthwise_convolution_is_not_reported() =>
            new LayerAnalyzerTest(Source.Conv2D("Conv2D(InChannels = 32, OutChannels = 32, Groups = 32, InputHeight = 28, InputWidth = 28, KernelSize = 3, Padding = 1)")).RunAsync();
    }
}
