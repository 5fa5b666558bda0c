using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>
    /// The configurations the generator and kernel tests declare are valid: they get no error, and exactly the warnings
    /// an independent computation predicts.
    /// </summary>
    /// <remarks>
    /// The generator is not run (GeneratedImplementationTests covers the analyzer
    /// beside it): binding hundreds of generated kernels would cost minutes, so CS8795 (no implementation) is the one
    /// compiler error allowed.
    /// </remarks>
    public sealed class ValidConfigurationTests
    {
        /// <summary>
        /// Random configurations drawn exactly as the other tests draw them: the first two batches of the kernel tests'
        /// RandomisedConvolutionTests (seed 20261125 + batch, 100 each) and the generator's ShapeConstantTests (seed 20240917, 30).
        /// </summary>
        [Theory]
        [InlineData(20261125, 100)]
        [InlineData(20261126, 100)]
        [InlineData(20240917, 30)]
        public async Task Random_valid_configurations_raise_no_error_and_exactly_the_predicted_warnings(int seed, int count)
        {
            var cases = RandomConvCases.Generate(seed, count);
            var source = new StringBuilder("using System;\nusing StrideGen;\nnamespace Random;\npublic static partial class Layers\n{\n");
            for (int i = 0; i < cases.Count; i++)
            {
                source.AppendLine(cases[i].Declaration($"L{i}"));
            }

            source.AppendLine("}");
            var compilation = await CompilationAsync(source.ToString());
            var reported = (await AnalyzerRun.OfAsync(compilation)).IdsByMethod();
            Assert.Empty(CompilerErrors(compilation));

            var mismatches = new List<string>();
            int clean = 0;
            for (int i = 0; i < cases.Count; i++)
            {
                var expected = IndependentWarnings(cases[i]);
                var actual = reported.TryGetValue($"L{i}", out var ids) ? ids : new List<string>();
                clean += expected.Count == 0 ? 1 : 0;
                if (!expected.SequenceEqual(actual))
                {
                    mismatches.Add($"L{i} {cases[i]}: expected [{string.Join(", ", expected)}], reported [{string.Join(", ", actual)}]");
                }
            }

            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
            Assert.True(clean >= count / 2, $"only {clean} of {count} random layers are warning-free: the sample no longer tests the common case");
            Assert.True(clean < count, "no random layer deserves a warning: the sample no longer tests the warnings");
        }

        /// <summary>Every source file of the kernel fixtures and the demo that declares a layer (copied next to the tests).</summary>
        public static TheoryData<string> RepositoryLayerFiles() => new(LayerFiles());

        private static List<string> LayerFiles()
        {
            var files = new List<string>();
            foreach (var path in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Consumers"), "*.cs", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
            {
                string text = File.ReadAllText(path);
                if (text.Contains("[Conv2D(", StringComparison.Ordinal) || text.Contains("Pool2D(", StringComparison.Ordinal))
                {
                    files.Add(Path.GetRelativePath(AppContext.BaseDirectory, path));
                }
            }

            return files;
        }

        /// <summary>The layers this repository builds (kernel fixtures, demo): those builds run the analyzer with warnings as errors.</summary>
        [Theory]
        [MemberData(nameof(RepositoryLayerFiles))]
        public async Task Layers_declared_in_this_repository_raise_no_diagnostic(string file)
        {
            // Each file as its project builds it: the fixtures project allows unsafe code (StrideGen.Kernels.Fixtures.csproj), the demo does not.
            bool allowUnsafe = file.StartsWith(Path.Combine("Consumers", "Fixtures"), StringComparison.Ordinal);
            var compilation = await CompilationAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)), allowUnsafe);

            var diagnostics = (await AnalyzerRun.OfAsync(compilation)).Diagnostics;

            Assert.Empty(diagnostics);
        }

        [Fact]
        public void The_repository_layer_files_are_found()
        {
            var files = LayerFiles();

            Assert.Contains(files, f => f.EndsWith("FixedLayers.cs", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("StridePicture.cs", StringComparison.Ordinal));
        }

        /// <summary>Declarations of the generator's snapshot and strict-consumer tests.</summary>
        [Theory]
        [InlineData("InputHeight = 7, InputWidth = 7, KernelSize = 3")]
        [InlineData("InputHeight = 7, InputWidth = 7, KernelSize = 3, Stride = 2")]
        [InlineData("InputHeight = 7, InputWidth = 7, KernelSize = 3, Padding = 1")]
        [InlineData("InputHeight = 12, InputWidth = 12, KernelSize = 3, Dilation = 2")]
        [InlineData("InChannels = 4, OutChannels = 6, InputHeight = 10, InputWidth = 10, KernelSize = 3, Groups = 2")]
        [InlineData("InChannels = 4, OutChannels = 4, InputHeight = 9, InputWidth = 9, KernelSize = 3, Padding = 1, Groups = 4")]
        [InlineData("InChannels = 2, OutChannels = 3, InputHeight = 7, InputWidth = 7, KernelSize = 3, Activation = Activation.Relu")]
        [InlineData("InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3, Padding = 1")]
        [InlineData("InChannels = 3, OutChannels = 2, InputHeight = 8, InputWidth = 8, KernelSize = 3, Stride = 2, Padding = 1")]
        [InlineData("InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3, PaddingMode = PaddingMode.Valid")]
        [InlineData("InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3, PaddingMode = PaddingMode.Same, Stride = 2")]
        [InlineData("InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3, PaddingMode = PaddingMode.SameLower, Stride = 2")]
        [InlineData("InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3, Activation = Activation.LeakyRelu, LeakyReluSlope = 0.2f")]
        [InlineData("InChannels = 6, OutChannels = 9, InputHeight = 17, InputWidth = 33, KernelHeight = 3, KernelWidth = 5, StrideHeight = 2, StrideWidth = 1, DilationHeight = 1, DilationWidth = 2, Groups = 3")]
        [InlineData("InChannels = 8, OutChannels = 16, InputHeight = 48, InputWidth = 64, KernelSize = 11, Padding = 5")]
        [InlineData("InChannels = 2, OutChannels = 16, InputHeight = 4, InputWidth = 300, KernelHeight = 1, KernelWidth = 200")]
        [InlineData("InChannels = 3, OutChannels = 3, InputHeight = 24, InputWidth = 24, KernelSize = 3, Groups = 3")]
        [InlineData("InChannels = 16, OutChannels = 32, InputHeight = 14, InputWidth = 14, KernelSize = 1")]
        [InlineData("InChannels = 256, OutChannels = 256, InputHeight = 256, InputWidth = 256, KernelSize = 3, Padding = 1")]
        public async Task Generator_test_declarations_raise_no_diagnostic(string arguments)
        {
            var source = Source.Conv2D($"Conv2D({arguments})");
            var compilation = await CompilationAsync(source);

            var run = await AnalyzerRun.OfAsync(compilation);

            Assert.Empty(run.Diagnostics);
            Assert.Empty(CompilerErrors(compilation));
        }

        /// <summary>
        /// Declarations of the generator's strict-consumer tests that exercise a kernel path on purpose and do deserve a
        /// warning: the layer works, and the analyzer says what it silently does.
        /// </summary>
        [Theory]
        [InlineData("InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3, PaddingMode = PaddingMode.Explicit, PadTop = 1, PadBottom = 2, PadLeft = 0, PadRight = 3", "SGEN008")]
        [InlineData("InChannels = 4, OutChannels = 8, InputHeight = 40, InputWidth = 40, KernelSize = 3, Stride = 2", "SGEN003", "SGEN003")]
        [InlineData("InputHeight = 5, InputWidth = 5, KernelSize = 2, Padding = 3", "SGEN008")]
        public async Task Generator_test_declarations_that_deserve_a_warning_get_only_that_warning(string arguments, params string[] expected)
        {
            var compilation = await CompilationAsync(Source.Conv2D($"Conv2D({arguments})"));

            var run = await AnalyzerRun.OfAsync(compilation);

            Assert.Equal(expected, run.Diagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
            Assert.All(run.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        }

        /// <summary>What the configuration deserves, by arithmetic of the test's own: SGEN003 per axis that loses trailing input, SGEN008 per written pad argument that reaches the kernel extent on a side.</summary>
        private static List<string> IndependentWarnings(ConvCase c)
        {
            var (top, bottom, left, right) = c.Pads;
            var warnings = new List<string>();
            if (Loses(c.InputHeight, c.KernelHeight, c.StrideHeight, c.DilationHeight, top, c.OutputHeight))
            {
                warnings.Add("SGEN003");
            }

            if (Loses(c.InputWidth, c.KernelWidth, c.StrideWidth, c.DilationWidth, left, c.OutputWidth))
            {
                warnings.Add("SGEN003");
            }

            int extentHeight = c.DilationHeight * (c.KernelHeight - 1) + 1, extentWidth = c.DilationWidth * (c.KernelWidth - 1) + 1;
            int paddedTooFar = new[] { (top, extentHeight), (bottom, extentHeight), (left, extentWidth), (right, extentWidth) }.Count(p => p.Item1 >= p.Item2);
            // Four equal explicit pads are declared as one Padding argument, which is named once however many sides it over-pads.
            bool shared = c.PaddingMode == PaddingMode.Explicit && top == bottom && top == left && top == right;
            warnings.AddRange(Enumerable.Repeat("SGEN008", shared ? Math.Min(paddedTooFar, 1) : paddedTooFar));

            warnings.Sort(StringComparer.Ordinal);
            return warnings;

            static bool Loses(int input, int kernel, int stride, int dilation, int padBefore, int outputs)
            {
                int extent = dilation * (kernel - 1) + 1;
                int lastRead = Math.Min(input - 1, (outputs - 1) * stride - padBefore + extent - 1);
                return input - 1 - lastRead > Math.Max(0, stride - extent);
            }
        }

        private static IEnumerable<Diagnostic> CompilerErrors(Compilation compilation) =>
            compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != Verification.MissingImplementation);

        /// <param name="allowUnsafe">The project's AllowUnsafeBlocks (the kernel fixtures set it for their multi-threaded layers).</param>
        private static async Task<Compilation> CompilationAsync(string source, bool allowUnsafe = false) =>
            Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
                "Declarations",
                new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest)) },
                await Verification.ReferencesAsync(),
                new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe));
    }
}
