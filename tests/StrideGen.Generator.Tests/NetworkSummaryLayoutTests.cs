using System.Linq;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>The network summary writes each shape in its layer's layout, as the user indexes the tensor.</summary>
    public sealed class NetworkSummaryLayoutTests
    {
        [Fact]
        public void Nhwc_chain_lists_height_by_width_by_channels_and_nchw_lists_channels_first()
        {
            const string layers = @"
public static partial class HwcNet
{
    [Conv2D(InChannels = 3, OutChannels = 8, InputHeight = 20, InputWidth = 12, KernelSize = 3, Padding = 1, Layout = TensorLayout.Nhwc)]
    public static partial void Conv(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [MaxPool2D(From = nameof(Conv), KernelSize = 2, Layout = TensorLayout.Nhwc)]
    public static partial void Pool(ReadOnlySpan<float> input, Span<float> output);
}

public static partial class ChwNet
{
    [Conv2D(InChannels = 3, OutChannels = 8, InputHeight = 20, InputWidth = 12, KernelSize = 3, Padding = 1)]
    public static partial void Conv(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

    [MaxPool2D(From = nameof(Conv), KernelSize = 2)]
    public static partial void Pool(ReadOnlySpan<float> input, Span<float> output);
}
";
            var run = Testing.GeneratorHarness.Run(LayerSource.Usings + "namespace Layouts;\n" + layers);
            Assert.Empty(run.CompilationDiagnostics);

            string hwc = run.GeneratedFiles.Single(f => f.HintName.Contains("HwcNet") && f.HintName.Contains("NetworkSummary")).Text;
            Assert.Contains("Input: 20×12×3 (720 floats)", hwc);
            Assert.Contains("Conv (Conv2D)     20×12×8", hwc);
            Assert.Contains("Pool (MaxPool2D)  10×6×8", hwc);

            string chw = run.GeneratedFiles.Single(f => f.HintName.Contains("ChwNet") && f.HintName.Contains("NetworkSummary")).Text;
            Assert.Contains("Input: 3×20×12 (720 floats)", chw);
            Assert.Contains("Conv (Conv2D)     8×20×12", chw);
            Assert.Contains("Pool (MaxPool2D)  8×10×6", chw);
        }
    }
}
