using System.Threading.Tasks;
using StrideGen.CodeFixes;
using Xunit;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>The SGEN003 fixes: symmetric padding, far-edge padding, PaddingMode.Same — each only where the result is clean.</summary>
    public sealed class UnreadInputCodeFixTests
    {
        private static string Layer(string attribute) => Source.Conv2D(attribute);

        [Fact]
        public Task Symmetric_padding_makes_the_windows_cover_the_input() =>
            new LayerCodeFixTest<UnreadInputCodeFixProvider>(
                Layer("{|SGEN003:{|SGEN003:Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2)|}|}"),
                Layer("Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1)"),
                "SGEN003.Padding").RunAsync();

        [Fact]
        public Task Same_padding_replaces_the_written_pads() =>
            new LayerCodeFixTest<UnreadInputCodeFixProvider>(
                Layer("Conv2D(InputHeight = 32, InputWidth = 32, KernelSize = 3, Stride = 4, {|SGEN003:{|SGEN003:Padding = 1|}|})"),
                Layer("Conv2D(InputHeight = 32, InputWidth = 32, KernelSize = 3, Stride = 4, PaddingMode = PaddingMode.Same)"),
                "SGEN003.Same").RunAsync();

        [Fact]
        public Task Far_edge_padding_changes_only_the_side_that_loses_input() =>
            new LayerCodeFixTest<UnreadInputCodeFixProvider>(
                Layer("Conv2D(InputHeight = 27, InputWidth = 27, KernelSize = 3, Stride = 2, PadTop = 1, {|SGEN003:PadBottom = 0|}, PadLeft = 0, PadRight = 1)"),
                Layer("Conv2D(InputHeight = 27, InputWidth = 27, KernelSize = 3, Stride = 2, PadTop = 1, PadBottom = 1, PadLeft = 0, PadRight = 1)"),
                "SGEN003.FarEdge").RunAsync();

        [Fact]
        public Task Valid_padding_mode_is_replaced_by_explicit_padding() =>
            new LayerCodeFixTest<UnreadInputCodeFixProvider>(
                Layer("{|SGEN003:{|SGEN003:Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, PaddingMode = PaddingMode.Valid)|}|}"),
                Layer("Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1)"),
                "SGEN003.Padding").RunAsync();

        [Fact]
        public Task Pooling_gets_the_same_fixes() =>
            new LayerCodeFixTest<UnreadInputCodeFixProvider>(
                Source.InClass($"    [{{|SGEN003:{{|SGEN003:MaxPool2D(Channels = 4, InputHeight = 7, InputWidth = 7, KernelSize = 2)|}}|}}]\n    public static partial void Pool({Source.Pool});"),
                Source.InClass($"    [MaxPool2D(Channels = 4, InputHeight = 7, InputWidth = 7, KernelSize = 2, PaddingMode = PaddingMode.Same)]\n    public static partial void Pool({Source.Pool});"),
                "SGEN003.Same").RunAsync();

        [Fact]
        public async Task Every_fix_is_offered_where_each_leaves_a_clean_layer()
        {
            var titles = await OfferedFixes.TitlesAsync(new UnreadInputCodeFixProvider(),
                Layer("Conv2D(InputHeight = 27, InputWidth = 27, KernelSize = 3, Stride = 2, PadTop = 1, PadBottom = 0, PadLeft = 0, PadRight = 1)"));

            Assert.Equal(new[] { "Set Padding = 1", "Pad the far edge: PadBottom = 1", "Use PaddingMode.Same" }, titles);
        }

        [Fact]
        public async Task Far_edge_padding_is_not_offered_when_another_pad_would_still_be_reported()
        {
            // PadTop = 3 on a 3×3 kernel is SGEN008; only the fixes that replace it leave a clean layer.
            var titles = await OfferedFixes.TitlesAsync(new UnreadInputCodeFixProvider(),
                Layer("Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, PadTop = 3)"));

            Assert.Equal(new[] { "Set Padding = 1", "Use PaddingMode.Same" }, titles);
        }

        [Fact]
        public async Task A_one_row_kernel_is_only_padded_on_its_far_column_edge()
        {
            // Any padding above or below a 1-row kernel would see padding only (SGEN008), so no symmetric padding is offered.
            var titles = await OfferedFixes.TitlesAsync(new UnreadInputCodeFixProvider(),
                Layer("Conv2D(InputHeight = 1, InputWidth = 401, KernelHeight = 1, KernelWidth = 16, StrideWidth = 4)"));

            Assert.Equal(new[] { "Pad the far edge: PadRight = 3", "Use PaddingMode.Same" }, titles);
        }

        [Fact]
        public async Task No_fix_is_offered_when_a_fixed_layer_would_break_the_layer_chained_from_it()
        {
            // Padding First changes its output (13×13 → 14×14), which Second writes as its input.
            var titles = await OfferedFixes.TitlesAsync(new UnreadInputCodeFixProvider(), Source.InClass(
                $"    [Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2)]\n    public static partial void First({Source.Conv});\n"
                + $"    [Conv2D(From = nameof(First), InputHeight = 13, InputWidth = 13, KernelSize = 3, Padding = 1)]\n    public static partial void Second({Source.Conv});"));

            Assert.Empty(titles);
        }
    }
}
