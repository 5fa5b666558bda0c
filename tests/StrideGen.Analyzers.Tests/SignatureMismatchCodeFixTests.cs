using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using StrideGen.CodeFixes;
using Xunit;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>The SGEN005 fix: make the method a static partial void declaration, where that is all it lacks.</summary>
    public sealed class SignatureMismatchCodeFixTests
    {
        private const string Attribute = "    /// <summary>A layer.</summary>\n    [Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3)]\n";

        [Fact]
        public Task Instance_method_becomes_static() =>
            new LayerCodeFixTest<MethodSignatureCodeFixProvider>(
                Source.InClass(Attribute + $"    public partial void {{|SGEN005:Layer|}}({Source.Conv});", "public partial class Net"),
                Source.InClass(Attribute + $"    public static partial void Layer({Source.Conv});", "public partial class Net"),
                "SGEN005.StaticPartialVoid").RunAsync();

        [Fact]
        public Task Method_with_an_empty_body_becomes_a_partial_declaration()
        {
            var test = new LayerCodeFixTest<MethodSignatureCodeFixProvider>(
                Source.InClass(Attribute + $"    internal static void {{|SGEN005:Layer|}}({Source.Conv}) {{ }}"),
                Source.InClass(Attribute + $"    internal static partial void Layer({Source.Conv});"),
                "SGEN005.StaticPartialVoid");
            return test.RunAsync();
        }

        [Fact]
        public Task Returned_value_becomes_void() =>
            new LayerCodeFixTest<MethodSignatureCodeFixProvider>(
                Source.InClass(Attribute + $"    public static partial int {{|SGEN005:Layer|}}({Source.Conv});"),
                Source.InClass(Attribute + $"    public static partial void Layer({Source.Conv});"),
                "SGEN005.StaticPartialVoid").RunAsync();

        [Fact]
        public Task Every_missing_part_is_added_at_once() =>
            new LayerCodeFixTest<MethodSignatureCodeFixProvider>(
                Source.InClass(Attribute + $"    private int {{|SGEN005:{{|CS0161:Layer|}}|}}({Source.Conv}) {{ }}", "public partial class Net"),
                Source.InClass(Attribute + $"    private static partial void Layer({Source.Conv});", "public partial class Net"),
                "SGEN005.StaticPartialVoid").RunAsync();

        [Fact]
        public async Task No_fix_is_offered_for_a_generic_method()
        {
            var titles = await OfferedFixes.TitlesAsync(new MethodSignatureCodeFixProvider(),
                Source.InClass(Attribute + $"    public static partial void Layer<T>({Source.Conv});"));

            Assert.Empty(titles);
        }

        [Fact]
        public async Task No_fix_is_offered_for_a_wrong_parameter_list()
        {
            var titles = await OfferedFixes.TitlesAsync(new MethodSignatureCodeFixProvider(),
                Source.InClass(Attribute + "    public void Layer(float[] input, ReadOnlySpan<float> weights, Span<float> output) { }", "public partial class Net"));

            Assert.Empty(titles);
        }

        [Fact]
        public async Task No_fix_is_offered_for_a_method_with_code_in_its_body()
        {
            var titles = await OfferedFixes.TitlesAsync(new MethodSignatureCodeFixProvider(),
                Source.InClass(Attribute + $"    public static void Layer({Source.Conv}) {{ output.Clear(); }}"));

            Assert.Empty(titles);
        }

        [Fact]
        public async Task No_fix_is_offered_when_the_shape_would_still_be_reported()
        {
            var titles = await OfferedFixes.TitlesAsync(new MethodSignatureCodeFixProvider(),
                Source.InClass($"    [Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 0)]\n    public partial void Layer({Source.Conv});", "public partial class Net"));

            Assert.Empty(titles);
        }
    }
}
