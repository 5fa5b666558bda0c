using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>
    /// SGEN012: a NativeAOT project (PublishAot) with layers and no IlcInstructionSet, whose kernels would run on their
    /// Vector128 path. The MSBuild properties reach the analyzer as <c>build_property.*</c> global options (in a project,
    /// through the package's build/StrideGen.props; here, a global analyzer config). Reported once, at the first layer.
    /// </summary>
    public sealed class NativeAotInstructionSetTests
    {
        private const string Conv = "InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3";

        private static string Message(string first, int layers) =>
            $"NativeAOT compiles this project's {layers} StrideGen layer(s), '{first}' first, for its default x64 instruction set, which has neither AVX2 nor AVX-512: they will run on their Vector128 path, about 3× slower. Set <IlcInstructionSet> for the machines you publish to (native, x86-64-v3 or x86-64-v4).";

        private static readonly string TwoLayers = Source.InClass(
            $"    [{{|#0:Conv2D({Conv})|}}]\n    public static partial void Conv1({Source.Conv});\n\n" +
            $"    [MaxPool2D(Channels = 16, InputHeight = 18, InputWidth = 18, KernelSize = 2, Stride = 2)]\n    public static partial void Pool1({Source.Pool});");

        [Fact]
        public Task PublishAot_without_an_instruction_set_is_reported_once_at_the_first_layer() =>
            Test(TwoLayers, "build_property.PublishAot = true", At(D.NativeAotBaselineInstructionSet, 0, Message("Conv1", 2)));

        [Fact]
        public Task PublishAot_is_read_whatever_its_case_and_spacing() =>
            Test(TwoLayers, "build_property.PublishAot = True ", At(D.NativeAotBaselineInstructionSet, 0, Message("Conv1", 2)));

        [Theory]
        [InlineData("native")]
        [InlineData("x86-64-v3")]
        [InlineData("x86-64-v2")] // a deliberate baseline: the project has chosen
        public Task An_instruction_set_of_any_kind_silences_it(string instructionSet) =>
            Test(TwoLayers, $"build_property.PublishAot = true\nbuild_property.IlcInstructionSet = {instructionSet}");

        [Fact]
        public Task An_Arm64_runtime_identifier_silences_it() =>
            Test(TwoLayers, "build_property.PublishAot = true\nbuild_property.RuntimeIdentifier = linux-arm64");

        [Fact]
        public Task An_x64_runtime_identifier_does_not() =>
            Test(TwoLayers, "build_property.PublishAot = true\nbuild_property.RuntimeIdentifier = linux-x64", At(D.NativeAotBaselineInstructionSet, 0, Message("Conv1", 2)));

        [Theory]
        [InlineData("build_property.PublishAot = false")]
        [InlineData("build_property.PublishAot = ")]
        [InlineData("")]
        public Task A_project_that_does_not_publish_NativeAOT_code_is_not_reported(string properties) =>
            Test(TwoLayers, properties);

        [Fact]
        public Task A_NativeAOT_project_without_layers_is_not_reported() =>
            Test(Source.InClass("    public static void NotALayer() { }"), "build_property.PublishAot = true");

        [Fact]
        public Task The_first_layer_is_the_first_in_source_order_across_files()
        {
            var test = new LayerAnalyzerTest(TwoLayers, At(D.NativeAotBaselineInstructionSet, 0, Message("Conv1", 3)));
            // A file whose path sorts after the test file's (/0/Test0.cs): its layer is counted but not the one reported.
            test.TestState.Sources.Add(("/0/Test1.cs", Source.InClass($"    [Conv2D({Conv})]\n    public static partial void Conv0({Source.Conv});", "public static partial class Other")));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.PublishAot = true\n"));
            return test.RunAsync();
        }

        private static Task Test(string source, string properties, params DiagnosticResult[] expected)
        {
            var test = new LayerAnalyzerTest(source, expected);
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + properties + "\n"));
            return test.RunAsync();
        }
    }
}
