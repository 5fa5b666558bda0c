using System;
using System.Linq;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>
    /// What the generator writes for <c>Threads</c>: a multi-threaded layer compiles cleanly in a strict consumer that allows
    /// unsafe code; without AllowUnsafeBlocks (SGEN011) or with too little work for two parts it is the one-thread layer's
    /// file, apart from a comment that says why; and a layer without <c>Threads</c> is unaffected by AllowUnsafeBlocks, but
    /// for <c>[SkipLocalsInit]</c> on the drivers that stackalloc a packed band block.
    /// </summary>
    public sealed class ThreadsGenerationTests
    {
        private const string Wide = "InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3, Padding = 1";

        /// <summary>Too few output channels to pack bands, too large a map for dot products: no stack block.</summary>
        private const string Unbanded = "InChannels = 8, OutChannels = 8, InputHeight = 20, InputWidth = 20, KernelSize = 3, Padding = 1";

        [Theory]
        [InlineData(Wide + ", Threads = 2", false)]
        [InlineData(Wide + ", Threads = 3", true)]
        [InlineData(Wide + ", Groups = 4, Threads = 2", false)]
        [InlineData(Wide + ", Groups = 2, Threads = 4", true)]
        [InlineData("InChannels = 4, OutChannels = 4, Groups = 4, InputHeight = 20, InputWidth = 20, KernelSize = 3, Threads = 64", true)]
        [InlineData(Wide + ", Layout = TensorLayout.Nhwc, Threads = 2", true)]
        [InlineData("InChannels = 4, OutChannels = 6, InputHeight = 5, InputWidth = 5, KernelSize = 3, Layout = TensorLayout.Nhwc, Threads = 8", false)]
        [InlineData("InChannels = 3, OutChannels = 7, InputHeight = 5, InputWidth = 6, KernelSize = 3, Activation = Activation.LeakyRelu, Threads = 2", true)]
        public void A_multi_threaded_layer_compiles_without_any_diagnostic_in_a_strict_consumer(string arguments, bool bias)
        {
            var run = GeneratorHarness.Run(LayerSource.InClass(LayerSource.Declaration(arguments, bias: bias)), allowUnsafe: true);

            DiagnosticAssert.None(run.GeneratorDiagnostics);
            DiagnosticAssert.None(run.CompilationDiagnostics);
            var file = Assert.Single(run.GeneratedFiles).Text;
            Assert.Contains("file sealed unsafe class LayerWork : IThreadPoolWorkItem", file, StringComparison.Ordinal);
            Assert.Contains("global::StrideGen.Generated.LayerWork.Run(input, weights, " + (bias ? "bias, " : "") + "output);", file, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(Wide + ", Threads = 2")]
        [InlineData(Wide + ", Layout = TensorLayout.Nhwc, Threads = 4")]
        public void Without_unsafe_code_the_layer_is_the_one_thread_layer_and_says_why(string arguments)
        {
            var run = GeneratorHarness.Run(LayerSource.InClass(LayerSource.Declaration(arguments)), allowUnsafe: false);
            var oneThread = GeneratorHarness.Run(LayerSource.InClass(LayerSource.Declaration(WithoutThreads(arguments))), allowUnsafe: false);

            DiagnosticAssert.None(run.CompilationDiagnostics); // an implementation, so no CS8795; SGEN011 is the analyzer's
            var file = Assert.Single(run.GeneratedFiles).Text;
            string why = Assert.Single(file.Split('\n'), line => line.StartsWith("// Threads = ", StringComparison.Ordinal));
            Assert.Contains("needs AllowUnsafeBlocks (SGEN011)", why, StringComparison.Ordinal);
            Assert.Equal(Assert.Single(oneThread.GeneratedFiles).Text, file.Replace(why + "\n", "", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("InChannels = 4, OutChannels = 2, InputHeight = 24, InputWidth = 24, KernelSize = 3, Threads = 2")]
        [InlineData("InChannels = 4, OutChannels = 8, InputHeight = 1, InputWidth = 40, KernelHeight = 1, KernelWidth = 3, Layout = TensorLayout.Nhwc, Threads = 2")]
        public void Too_little_work_for_two_parts_runs_on_the_callers_thread(string arguments)
        {
            var run = GeneratorHarness.Run(LayerSource.InClass(LayerSource.Declaration(arguments)), allowUnsafe: true);
            var oneThread = GeneratorHarness.Run(LayerSource.InClass(LayerSource.Declaration(WithoutThreads(arguments))), allowUnsafe: true);

            var file = Assert.Single(run.GeneratedFiles).Text;
            string why = Assert.Single(file.Split('\n'), line => line.StartsWith("// Threads = ", StringComparison.Ordinal));
            Assert.Contains("the work is a single part", why, StringComparison.Ordinal);
            Assert.Equal(Assert.Single(oneThread.GeneratedFiles).Text, file.Replace(why + "\n", "", StringComparison.Ordinal));
        }

        [Fact]
        public void An_unbanded_layer_without_threads_is_the_same_whether_or_not_unsafe_code_is_allowed()
        {
            string source = LayerSource.InClass(LayerSource.Declaration(Unbanded, bias: true) + LayerSource.Declaration(Unbanded + ", Layout = TensorLayout.Nhwc", "Other"));

            var safe = GeneratorHarness.Run(source, allowUnsafe: false).GeneratedFiles;
            var unsafeAllowed = GeneratorHarness.Run(source, allowUnsafe: true).GeneratedFiles;

            Assert.Equal(safe, unsafeAllowed);
        }

        [Theory]
        [InlineData("InChannels = 16, OutChannels = 32, InputHeight = 32, InputWidth = 32, KernelSize = 3, Stride = 2, Padding = 1")]
        [InlineData("InChannels = 16, OutChannels = 32, InputHeight = 32, InputWidth = 32, KernelSize = 3, Stride = 2, Padding = 1, Threads = 2")]
        public void With_unsafe_code_allowed_band_drivers_skip_zeroing_their_packed_block_and_nothing_else_changes(string arguments)
        {
            string source = LayerSource.InClass(LayerSource.Declaration(arguments, bias: true));
            var unsafeAllowed = GeneratorHarness.Run(source, allowUnsafe: true);
            var safe = GeneratorHarness.Run(LayerSource.InClass(LayerSource.Declaration(WithoutThreads(arguments), bias: true)), allowUnsafe: false);

            DiagnosticAssert.None(unsafeAllowed.CompilationDiagnostics);
            var lines = Assert.Single(unsafeAllowed.GeneratedFiles).Text.Split('\n').ToList();
            // Every method that stackallocs its block (one per banded vector path) is marked, and only those.
            var marked = lines.Select((line, i) => (line, i)).Where(l => l.line.TrimStart().StartsWith("[SkipLocalsInit]", StringComparison.Ordinal)).ToList();
            int blocks = lines.Count(line => line.Contains("stackalloc float[", StringComparison.Ordinal));
            Assert.True(blocks >= 2, "the layer is banded on the Vector512 and Vector256 paths");
            Assert.Equal(blocks, marked.Count);
            Assert.All(marked, m => Assert.Contains("public static void Run", lines[m.i + 1], StringComparison.Ordinal));

            if (!arguments.Contains("Threads", StringComparison.Ordinal))
            {
                // Apart from those attributes, the file is the one a project without unsafe code gets.
                var withoutMarks = lines.Where((line, i) => !marked.Exists(m => m.i == i));
                Assert.Equal(Assert.Single(safe.GeneratedFiles).Text, string.Join("\n", withoutMarks));
            }
        }

        [Theory]
        [InlineData("InChannels = 64, OutChannels = 64, Groups = 64, InputHeight = 7, InputWidth = 7, KernelSize = 7, Padding = 3")] // channel blocks
        [InlineData("InChannels = 64, OutChannels = 64, Groups = 2, InputHeight = 16, InputWidth = 16, KernelSize = 3, Stride = 2, Padding = 1")] // grouped bands
        [InlineData("InChannels = 32, OutChannels = 24, InputHeight = 5, InputWidth = 5, KernelSize = 3, Padding = 1, PackedWeights = true")] // channels last
        [InlineData("InChannels = 64, OutChannels = 8, InputHeight = 3, InputWidth = 3, KernelSize = 3, Padding = 1")] // dot products, few output channels
        [InlineData("InChannels = 4, OutChannels = 32, InputHeight = 12, InputWidth = 12, KernelSize = 3, Padding = 4, Dilation = 4")] // window regions
        public void With_unsafe_code_allowed_every_driver_that_puts_a_block_on_the_stack_skips_zeroing_it(string arguments)
        {
            string source = LayerSource.InClass(LayerSource.Declaration(arguments, bias: true));
            var unsafeAllowed = GeneratorHarness.Run(source, allowUnsafe: true);

            DiagnosticAssert.None(unsafeAllowed.CompilationDiagnostics);
            var lines = Assert.Single(unsafeAllowed.GeneratedFiles).Text.Split('\n').ToList();
            var drivers = lines.Select((line, i) => (line, i)).Where(l => l.line.Contains("stackalloc float[", StringComparison.Ordinal))
                .Select(l => lines.FindLastIndex(l.i, line => line.Contains("public static void Run", StringComparison.Ordinal))).Distinct().ToList();
            Assert.NotEmpty(drivers);
            Assert.All(drivers, d => Assert.StartsWith("[SkipLocalsInit]", lines[d - 1].TrimStart(), StringComparison.Ordinal));
        }

        [Fact]
        public void The_large_benchmark_layers_on_two_threads_stay_under_200_KB()
        {
            foreach (string arguments in new[]
            {
                "InChannels = 64, OutChannels = 64, InputHeight = 56, InputWidth = 56, KernelSize = 3, Padding = 1",
                "InChannels = 64, OutChannels = 128, InputHeight = 56, InputWidth = 56, KernelSize = 3, Stride = 2, Padding = 1",
                "InChannels = 3, OutChannels = 64, InputHeight = 224, InputWidth = 224, KernelSize = 7, Stride = 2, Padding = 3",
                "InChannels = 32, OutChannels = 64, InputHeight = 56, InputWidth = 56, KernelSize = 1",
                "InChannels = 32, OutChannels = 32, Groups = 32, InputHeight = 112, InputWidth = 112, KernelSize = 3, Padding = 1",
            })
            {
                var run = GeneratorHarness.Run(LayerSource.InClass(LayerSource.Declaration(arguments + ", Threads = 2", bias: true)), allowUnsafe: true);
                var file = Assert.Single(run.GeneratedFiles).Text;
                Assert.Contains("LayerWork.Run(", file, StringComparison.Ordinal);
                Assert.True(System.Text.Encoding.UTF8.GetByteCount(file) < 200 * 1024, $"{arguments}: {file.Length / 1024} KB");
            }
        }

        private static string WithoutThreads(string arguments) =>
            string.Join(", ", arguments.Split(", ").Where(a => !a.StartsWith("Threads = ", StringComparison.Ordinal)));
    }
}
