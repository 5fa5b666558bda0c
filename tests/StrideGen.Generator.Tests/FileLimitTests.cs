using System.Linq;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>
    /// The kernel class's budget leaves room for the rest of its file: where the rest is long (a grouped 7×7 stride-2 layer
    /// with 924 output channels, two threads and packed weights: its work items and <c>PackWeights</c> method), the file
    /// that the roomier budget would make (204 K characters) is written again with the tighter one, and stays under 200 KB.
    /// </summary>
    public sealed class FileLimitTests
    {
        private const string Arguments = "InChannels = 21, OutChannels = 924, InputHeight = 33, InputWidth = 33, KernelSize = 7, Stride = 2, " +
            "PaddingMode = PaddingMode.Same, Groups = 21, Threads = 2, PackedWeights = true";

        [Fact]
        public void A_file_past_the_limit_is_written_again_with_the_tighter_kernel_budget()
        {
            var run = GeneratorHarness.Run(LayerSource.InClass(LayerSource.Declaration(Arguments)), allowUnsafe: true);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompilationDiagnostics);
            var file = run.GeneratedFiles.Single(f => f.HintName.EndsWith(".Layer.g.cs", System.StringComparison.Ordinal));
            Assert.InRange(file.Text.Length, 150_000, 200_000); // long, yet under the limit
            Assert.DoesNotContain("Kernel window looped, register tile unrolled", file.Text); // not the compact plan
        }
    }
}
