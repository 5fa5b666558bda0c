using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>
    /// In a build the generator has written each layer's implementation part, in generated code the analyzer skips. The
    /// user's declaration must still be analysed (a symbol action would be skipped with the generated part).
    /// </summary>
    public sealed class GeneratedImplementationTests
    {
        [Fact]
        public async Task Layer_whose_implementation_the_generator_wrote_is_still_analysed()
        {
            var run = GeneratorHarness.Run(Source.InClass(
                "    [Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2)]\n"
                + $"    public static partial void Layer({Source.Conv});\n"
                + "    public static void Run() => Layer(new float[784], new float[9], new float[100]);"));
            Assert.Contains(run.GeneratedFiles, f => f.HintName.EndsWith("Layer.g.cs", System.StringComparison.Ordinal));

            var analysis = await AnalyzerRun.OfAsync(run.Compilation);

            Assert.Empty(analysis.Exceptions);
            Assert.Equal(new[] { "SGEN003", "SGEN003", "SGEN007" }, analysis.Diagnostics.Select(d => d.Id).OrderBy(id => id));
            Assert.All(analysis.Diagnostics, d => Assert.Equal("Source0.cs", d.Location.SourceTree?.FilePath));
        }

        [Fact]
        public async Task A_NativeAOT_project_whose_layers_the_generator_wrote_is_still_warned_once()
        {
            var run = GeneratorHarness.Run(Source.InClass(
                "    [Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3)]\n"
                + $"    public static partial void First({Source.Conv});\n"
                + "    [Conv2D(InputHeight = 26, InputWidth = 26, KernelSize = 3)]\n"
                + $"    public static partial void Second({Source.Conv});"));
            Assert.Equal(2, run.GeneratedFiles.Count(f => f.HintName.EndsWith(".g.cs", System.StringComparison.Ordinal) && !f.HintName.Contains("NetworkSummary")));

            var analysis = await AnalyzerRun.OfAsync(run.Compilation, new Dictionary<string, string> { ["build_property.PublishAot"] = "true" });

            Assert.Empty(analysis.Exceptions);
            var warning = Assert.Single(analysis.Diagnostics);
            Assert.Equal("SGEN012", warning.Id);
            Assert.Equal("Source0.cs", warning.Location.SourceTree?.FilePath);
            Assert.Contains("2 StrideGen layer(s), 'First' first", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        }
    }
}
