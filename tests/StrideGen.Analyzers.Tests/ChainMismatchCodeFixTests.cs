using System.Threading.Tasks;
using StrideGen.CodeFixes;
using Xunit;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>The SGEN006 fixes: write the From layer's output, or remove the written input shape.</summary>
    public sealed class ChainMismatchCodeFixTests
    {
        private const string First = "    [Conv2D(InChannels = 1, OutChannels = 8, InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2, Padding = 1)]\n    public static partial void First(" + Source.Conv + ");\n";

        private static string Second(string arguments) =>
            Source.InClass(First + $"    [Conv2D(From = nameof(First), {arguments}, OutChannels = 16, KernelSize = 3, Padding = 1)]\n    public static partial void Second({Source.Conv});");

        [Fact]
        public Task Written_shape_is_replaced_by_the_from_layers_output() =>
            new LayerCodeFixTest<ChainMismatchCodeFixProvider>(
                Second("InChannels = 8, {|SGEN006:InputHeight = 28|}, {|SGEN006:InputWidth = 28|}"),
                Second("InChannels = 8, InputHeight = 14, InputWidth = 14"),
                "SGEN006.Replace").RunAsync();

        [Fact]
        public Task Written_shape_is_removed() =>
            new LayerCodeFixTest<ChainMismatchCodeFixProvider>(
                Source.InClass(First + $"    [Conv2D(From = nameof(First), {{|SGEN006:InChannels = 3|}}, OutChannels = 16, KernelSize = 3, Padding = 1)]\n    public static partial void Second({Source.Conv});"),
                Source.InClass(First + $"    [Conv2D(From = nameof(First), OutChannels = 16, KernelSize = 3, Padding = 1)]\n    public static partial void Second({Source.Conv});"),
                "SGEN006.Remove").RunAsync();

        [Fact]
        public Task Pooling_channels_are_replaced() =>
            new LayerCodeFixTest<ChainMismatchCodeFixProvider>(
                Source.InClass(First + $"    [MaxPool2D(From = nameof(First), {{|SGEN006:Channels = 4|}}, KernelSize = 2)]\n    public static partial void Pool({Source.Pool});"),
                Source.InClass(First + $"    [MaxPool2D(From = nameof(First), Channels = 8, KernelSize = 2)]\n    public static partial void Pool({Source.Pool});"),
                "SGEN006.Replace").RunAsync();

        [Fact]
        public async Task Both_fixes_are_offered_with_the_shape_in_the_title()
        {
            var titles = await OfferedFixes.TitlesAsync(new ChainMismatchCodeFixProvider(), Second("InputHeight = 28, InputWidth = 28"));

            Assert.Equal(new[] { "Make the input shape 8×14×14, the output of 'First'", "Remove the written input shape (it comes from 'First')" }, titles);
        }

        [Fact]
        public async Task No_fix_is_offered_for_a_from_that_names_no_layer()
        {
            var titles = await OfferedFixes.TitlesAsync(new ChainMismatchCodeFixProvider(), Source.InClass(
                $"    [Conv2D(From = \"Missing\", InputHeight = 8, InputWidth = 8, KernelSize = 3)]\n    public static partial void Layer({Source.Conv});"));

            Assert.Empty(titles);
        }

        [Fact]
        public async Task No_fix_is_offered_when_the_layer_would_still_have_a_diagnostic()
        {
            // With the chain's 14×14 input, a 3×3 stride 4 unpadded layer leaves input unread (SGEN003).
            var titles = await OfferedFixes.TitlesAsync(new ChainMismatchCodeFixProvider(), Source.InClass(
                First + $"    [Conv2D(From = nameof(First), InputHeight = 28, KernelSize = 3, Stride = 4)]\n    public static partial void Second({Source.Conv});"));

            Assert.Empty(titles);
        }
    }
}
